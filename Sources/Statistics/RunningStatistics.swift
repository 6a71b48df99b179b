/// Mergeable running mean and variance of a vector-valued sample (Welford's update, Chan's
/// merge), so averages are reduced as samples arrive and shards combine exactly.
///
/// The standard error of the mean is sqrt(M2 / (n (n - 1))): the spread divided by sqrt(n),
/// not the spread itself. Merging in a fixed order gives bit-identical results.
public struct RunningStatistics: Sendable, Equatable, Codable {
    public private(set) var count: Int
    public private(set) var mean: [Double]
    public private(set) var m2: [Double]

    public init(dimension: Int) {
        count = 0
        mean = [Double](repeating: 0, count: dimension)
        m2 = [Double](repeating: 0, count: dimension)
    }

    public init(count: Int, mean: [Double], m2: [Double]) {
        precondition(mean.count == m2.count)
        self.count = count
        self.mean = mean
        self.m2 = m2
    }

    public var dimension: Int { mean.count }

    /// Adds one sample (Welford).
    public mutating func add(_ x: [Double]) {
        precondition(x.count == mean.count, "sample dimension \(x.count) != \(mean.count)")
        count += 1
        let n = Double(count)
        for i in x.indices {
            let delta = x[i] - mean[i]
            mean[i] += delta / n
            m2[i] += delta * (x[i] - mean[i])
        }
    }

    /// Merges another accumulator into this one (Chan et al.).
    public mutating func merge(_ other: RunningStatistics) {
        precondition(other.dimension == dimension)
        if other.count == 0 { return }
        if count == 0 {
            self = other
            return
        }
        let na = Double(count), nb = Double(other.count), n = na + nb
        for i in mean.indices {
            let delta = other.mean[i] - mean[i]
            mean[i] += delta * nb / n
            m2[i] += other.m2[i] + delta * delta * na * nb / n
        }
        count += other.count
    }

    /// Sample variance (n - 1 in the denominator); zero for fewer than two samples.
    public var variance: [Double] {
        count < 2
            ? [Double](repeating: 0, count: dimension) : m2.map { max($0, 0) / Double(count - 1) }
    }

    /// Standard error of the mean; nil for fewer than two samples (undefined).
    public var standardError: [Double]? {
        count < 2 ? nil : variance.map { ($0 / Double(count)).squareRoot() }
    }
}

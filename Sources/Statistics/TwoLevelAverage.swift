/// The paper's two-level average [overline{x}]: for each disorder realization the mean over
/// its noise realizations, then mean and standard error over disorder realizations.
///
/// With a single disorder realization the standard error is that of its noise realizations
/// (the result file, FileFormats article). Series are flattened vectors (any observable, any
/// times).
public struct TwoLevelAverage: Sendable, Equatable, Codable {
    /// Statistics over disorder realizations of the per-realization noise means.
    public private(set) var disorder: RunningStatistics
    /// Statistics over the noise realizations of all disorder realizations pooled; used for
    /// the error when there is only one disorder realization.
    public private(set) var noise: RunningStatistics

    public init(dimension: Int) {
        disorder = RunningStatistics(dimension: dimension)
        noise = RunningStatistics(dimension: dimension)
    }

    /// Adds one disorder realization given the statistics of its noise realizations.
    public mutating func add(realization noiseStatistics: RunningStatistics) {
        disorder.add(noiseStatistics.mean)
        noise.merge(noiseStatistics)
    }

    public mutating func merge(_ other: TwoLevelAverage) {
        disorder.merge(other.disorder)
        noise.merge(other.noise)
    }

    public var mean: [Double] { disorder.mean }

    /// Standard error over disorder realizations, or over noise realizations when there is
    /// one disorder realization; nil when neither has two samples.
    public var standardError: [Double]? {
        disorder.count >= 2 ? disorder.standardError : noise.standardError
    }
}

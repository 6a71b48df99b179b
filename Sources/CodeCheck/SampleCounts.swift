import ChainModel

/// How many independent samples a submitted result's standard errors rest on, as
/// `ResultComparison` reads them (`statistics` of a result): one level (`--samples N`, or
/// `samples` in the JSON form: N independent samples, nu = N - 1) or two (`--realizations R
/// --noise-realizations M`: errors over R disorder realizations of per-realization noise
/// means, nu = R - 1; with R = 1, over the M noise realizations of one chain, nu = M - 1).
///
/// Samples must be independent: N trajectories with their own noise (and chains), not time
/// steps of one trajectory, not correlated replicas. Counting dependent samples overstates
/// nu and makes the threshold too small, so a correct code can fail.
public struct SampleCounts: Sendable, Equatable {
    public var disorderRealizations: Int
    public var noiseRealizations: Int?

    public init(disorderRealizations: Int, noiseRealizations: Int?) {
        self.disorderRealizations = disorderRealizations
        self.noiseRealizations = noiseRealizations
    }

    /// N independent samples of one level.
    public init(samples n: Int) { self.init(disorderRealizations: 1, noiseRealizations: n) }

    /// Largest count: `--realizations` (1e7) times `--noise-realizations` (1e6), the most
    /// trajectories an ensemble of this project runs.
    public static let maxSamples = 10_000_000_000_000

    /// Refuses counts below 1 or above the largest, naming the option.
    public func validate() throws {
        for (option, n) in [
            ("realizations", disorderRealizations), ("noise_realizations", noiseRealizations ?? 1),
        ] where !(1...Self.maxSamples).contains(n) {
            throw InputError(
                option: option, value: "\(n)", allowed: "allowed 1...\(Self.maxSamples)")
        }
    }
}

import Foundation
import Statistics

/// The two variance components of a two-level (disorder, noise) average, estimated from
/// blocks of trajectories, and the standard error they give a run of R x M.
///
/// With R_p disorder realizations of M_p noise realizations each (one-way random effects),
///     var_noise = mean over realizations of the within-realization variance,
///     var_dis   = max(0, Var(realization means) - var_noise / M_p),
/// since a realization mean has variance var_dis + var_noise / M_p. The run's mean of R
/// realizations of M then has
///     planned_stderr^2 = var_dis / R + var_noise / (R M),
/// the quantity the run's own standard error (over its realization means) estimates. For one
/// chain (explicit potentials, or R = 1) the blocks are pooled and planned_stderr^2 =
/// var_noise / M, the run's error over its noise realizations.
public struct VarianceComponents: Sendable, Equatable {
    public let disorder: [Double]
    public let noise: [Double]
    public let singleChain: Bool

    public init(disorder: [Double], noise: [Double], singleChain: Bool) {
        self.disorder = disorder
        self.noise = noise
        self.singleChain = singleChain
    }

    /// Estimates from blocks (each the statistics of one realization's, or for one chain one
    /// block's, noise realizations; every block has the same count >= 2).
    public init(blocks: [RunningStatistics], singleChain: Bool) {
        precondition(
            !blocks.isEmpty && blocks.allSatisfy { $0.count == blocks[0].count && $0.count >= 2 })
        let d = blocks[0].dimension
        self.singleChain = singleChain
        if singleChain {
            var pooled = RunningStatistics(dimension: d)
            for b in blocks { pooled.merge(b) }
            noise = pooled.variance
            disorder = [Double](repeating: 0, count: d)
            return
        }
        precondition(blocks.count >= 2, "the disorder component needs two realizations")
        var within = RunningStatistics(dimension: d), means = RunningStatistics(dimension: d)
        for b in blocks {
            within.add(b.variance)
            means.add(b.mean)
        }
        let m = Double(blocks[0].count)
        noise = within.mean
        disorder = zip(means.variance, within.mean).map { max(0, $0 - $1 / m) }
    }

    /// planned_stderr^2 of every component for a run of R realizations of M noise realizations.
    public func plannedVariance(realizations r: Int, noise m: Int) -> [Double] {
        if singleChain { return noise.map { $0 / Double(m) } }
        return zip(disorder, noise).map { $0 / Double(r) + $1 / (Double(r) * Double(m)) }
    }

    /// The variance of one realization's noise mean (var_dis + var_noise / M), or for one chain
    /// of one trajectory (var_noise): planned_stderr^2 times the count that divides it.
    public func unitVariance(noise m: Int) -> [Double] {
        singleChain ? noise : zip(disorder, noise).map { $0 + $1 / Double(m) }
    }
}

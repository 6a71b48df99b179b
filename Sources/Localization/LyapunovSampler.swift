import Foundation
import ChainModel
import LinearAlgebra
import Execution
import Statistics

/// How the Lyapunov exponent is sampled: `chains` independent chains, each run for `warmupSites`
/// discarded sites and then `sites` counted ones, with hopping J and master seed `seed`.
public struct LocalizationSettings: Sendable, Equatable {
    public var hopping: Double
    public var chains: Int
    public var sites: Int
    public var seed: UInt64

    public init(
        hopping: Double = 1, chains: Int = LocalizationSettings.defaultChains,
        sites: Int = LocalizationSettings.defaultSites, seed: UInt64 = 1
    ) {
        self.hopping = hopping
        self.chains = chains
        self.sites = sites
        self.seed = seed
    }

    // Relative standard errors of the defaults, measured at the band centre, J = 1: 0.45 % at
    // W = 0.25, 0.22 % at W = 0.5, 0.12 % at W = 1, 0.05 % at W = 2.
    /// Default chains and counted sites per chain: 2 x 10^7 sites per point. The relative
    /// standard error is about 1/sqrt(lambda chains sites) (the variance of ln||psi_N|| is about
    /// lambda N at weak disorder): below 0.5 % for W >= 0.25 at the band centre.
    public static let defaultChains = 100
    public static let defaultSites = 200_000

    // Why sites / 10 suffices: measured at W = 1, E = 0 (xi = 25.6), 100000 chains, 100 counted
    // sites after 10 warm-up sites give lambda 0.3 +- 0.16 % high, 300 after 30 agree to
    // 0.00 +- 0.1 %.
    /// Sites discarded before counting (sites / 10): the direction of (psi_{n+1}, psi_n) relaxes
    /// from the start (1, 0) to its stationary distribution, and only then does ln||v|| grow at
    /// rate lambda on average. The warm-up is ample once sites >= 10 xi.
    public var warmupSites: Int { sites / 10 }
}

/// A point's mean Lyapunov estimate did not come out positive (exit 70): for W > 0 the exponent is
/// positive (Furstenberg's theorem), so a mean <= 0 means the chains are far shorter than xi.
public struct LyapunovNotResolved: Error, CustomStringConvertible, Sendable {
    public let disorder: Double
    public let energy: Double
    public let lyapunov: Double
    public let standardError: Double

    public var description: String {
        "invariant broken: Lyapunov exponent > 0 at W = \(disorder), E = \(energy): "
            + "measured \(lyapunov) +- \(standardError); "
            + "the chains are not much longer than xi (increase the sites per chain)"
    }
}

/// Lyapunov exponent and localization length at one (W, E): means over chains, standard errors
/// from their spread. xi = 1 / lambda, its standard error lambda_stderr / lambda^2 (delta method).
public struct LocalizationPoint: Sendable, Equatable {
    public let disorder: Double
    public let energy: Double
    public let lyapunov: Double
    public let lyapunovStderr: Double
    public let xi: Double
    public let xiStderr: Double
    /// Fraction of eigenvalues below E (integrated density of states N(E), node count).
    public let integratedDensity: Double
    public let integratedDensityStderr: Double
    public let sites: Int
    public let chains: Int
}

/// Every chain's estimates at one disorder strength and a list of energies. The chains are the
/// same at every energy (common random numbers), so differences between energies are more
/// precise than the points' standard errors suggest.
public struct LyapunovSamples: Sendable {
    public let disorder: Double
    public let energies: [Double]
    public let settings: LocalizationSettings
    /// lyapunov[c][j]: (ln||v_end|| - ln||v_start||) / sites of chain c at energy j.
    public let lyapunov: [[Double]]
    /// fractionBelow[c][j]: counted sites with psi_{n+1} psi_n < 0, over sites.
    public let fractionBelow: [[Double]]

    /// The point at energy index j.
    public func point(_ j: Int) -> LocalizationPoint {
        let (l, lse) = LyapunovSamples.meanAndError(lyapunov.map { $0[j] })
        let (n, nse) = LyapunovSamples.meanAndError(fractionBelow.map { $0[j] })
        return LocalizationPoint(
            disorder: disorder, energy: energies[j], lyapunov: l, lyapunovStderr: lse, xi: 1 / l,
            xiStderr: lse / (l * l),
            integratedDensity: n, integratedDensityStderr: nse, sites: settings.sites,
            chains: settings.chains)
    }

    /// Mean over chains of each energy's Lyapunov estimate.
    public var meanLyapunov: [Double] {
        energies.indices.map { j in LyapunovSamples.meanAndError(lyapunov.map { $0[j] }).mean }
    }

    /// Mean over chains of each energy's integrated density of states.
    public var meanFractionBelow: [Double] {
        energies.indices.map { j in LyapunovSamples.meanAndError(fractionBelow.map { $0[j] }).mean }
    }

    /// Mean and standard error of the mean (sample variance with n - 1), summed in chain order.
    package static func meanAndError(_ x: [Double]) -> (mean: Double, standardError: Double) {
        var s = RunningStatistics(dimension: 1)
        for v in x { s.add([v]) }
        return (s.mean[0], s.standardError?[0] ?? 0)
    }

    /// Throws `LyapunovNotResolved` when a point's mean exponent is not positive.
    public func checkResolved() throws {
        for j in energies.indices {
            let p = point(j)
            if !(p.lyapunov > 0) {
                throw LyapunovNotResolved(
                    disorder: disorder, energy: p.energy, lyapunov: p.lyapunov,
                    standardError: p.lyapunovStderr)
            }
        }
    }
}

/// Runs the transfer-matrix chains (`TransferMatrixProduct`) of the Lyapunov exponent
/// lambda(W, E) = lim (1/N) ln ||T_N ... T_1 v||, w_n uniform in [-W, W].
public enum LyapunovSampler {
    /// Chain c (0-based): potentials w_n = W (2 u_n - 1) with u_n from the counter-based stream
    /// (seed, `.localization`, c), the same u_n at every W and E, never shared with the disorder
    /// or noise streams of the solvers. Returns per energy the growth rate of ln||v|| over the
    /// counted sites and the fraction of negative ratios psi_{n+1}/psi_n among them.
    public static func chain(
        _ c: Int, disorder: Double, energies: [Double], settings: LocalizationSettings
    )
        -> (lyapunov: [Double], fractionBelow: [Double])
    {
        var rng = CounterRNG(seed: settings.seed, stream: .localization, realization: c)
        var product = TransferMatrixProduct(
            energies: energies, hopping: settings.hopping, potentialBound: disorder)
        var buffer = [Double](repeating: 0, count: 4096)
        func run(_ sites: Int) {
            var left = sites
            while left > 0 {
                let n = min(left, buffer.count)
                for i in 0..<n { buffer[i] = disorder * (2 * rng.nextUniform() - 1) }
                product.advance(potentials: buffer[0..<n])
                left -= n
            }
        }
        run(settings.warmupSites)
        let startLog = energies.indices.map { product.logNorm($0) }
        let startNodes = product.negativeRatios
        run(settings.sites)
        let n = Double(settings.sites)
        return (
            energies.indices.map { (product.logNorm($0) - startLog[$0]) / n },
            energies.indices.map { Double(product.negativeRatios[$0] - startNodes[$0]) / n }
        )
    }

    /// All chains at every (disorder, energy), on `threads` workers; the chains of every
    /// disorder strength in ascending order, so the numbers are the same for every thread count.
    /// `progress` counts chains (disorders x chains in total).
    public static func run(
        disorders: [Double], energies: [Double], settings: LocalizationSettings, threads: Int,
        progress: any ProgressReporter = SilentProgress()
    ) throws -> [LyapunovSamples] {
        try run(
            disorders: disorders, energies: disorders.map { _ in energies }, settings: settings,
            threads: threads, progress: progress)
    }

    /// As above with an energy list per disorder strength (`energies[i]` for `disorders[i]`).
    public static func run(
        disorders: [Double], energies: [[Double]], settings: LocalizationSettings, threads: Int,
        progress: any ProgressReporter = SilentProgress()
    ) throws -> [LyapunovSamples] {
        precondition(energies.count == disorders.count)
        let c = settings.chains
        let records = try RealizationRunner.run(
            realizations: Array(0..<(disorders.count * c)), threads: threads, progress: progress
        ) { index in
            let (l, f) = chain(
                index % c, disorder: disorders[index / c], energies: energies[index / c],
                settings: settings)
            var s = RunningStatistics(dimension: l.count + f.count)
            s.add(l + f)
            return s
        }
        return disorders.indices.map { wi in
            let m = energies[wi].count
            let mine = records[(wi * c)..<((wi + 1) * c)].map(\.noise.mean)
            return LyapunovSamples(
                disorder: disorders[wi], energies: energies[wi], settings: settings,
                lyapunov: mine.map { Array($0[0..<m]) },
                fractionBelow: mine.map { Array($0[m..<2 * m]) })
        }
    }
}

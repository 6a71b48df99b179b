import Foundation
import ChainModel
import LinearAlgebra
import NoiseClosure
import MasterEquation

/// The long-time diffusion constant D_inf with noise of strength gamma on every l-th site of a
/// chain with disorder W (Fig. 5d-5e), on rings of n cells of l sites (one noisy site per cell,
/// the last), each ring a disorder realization of the counter-based stream (seed, .disorder, r),
/// for one of two models:
/// - `closure`: the exact noise average (`RingDiffusion`, NoiseClosure), the quantum D;
/// - `hopping`: the classical master equation with the rings' true eigenstates (`RingHopping`,
///   MasterEquation, rates gamma |phi_a(s)|^2 |phi_b(s)|^2), the hopping picture's D.
///
/// Why the harmonic mean: at long times a walk between noisy sites with cell-to-cell rates
/// k_c has D = l^2 / mean_c(1 / k_c) (resistors in series), exactly on a ring of any number of
/// cells; so 1 / D_ring is an unbiased estimate of 1 / D_inf, and
///     D_inf = 1 / mean_r(1 / D_r),   stderr = D_inf * sem_r(1 / D_r) / mean_r(1 / D_r)
/// over the rings r (independent disorder, so the standard error of the mean is that of
/// independent samples). The ring's own D differs from this picture only by paths that wrap
/// around it (amplitude ~ exp(-N / xi)); `cells` is chosen so that changing it changes D_inf
/// by less than its error (measured, Beyond the paper).
public struct LongTimeDiffusion: Sendable, Equatable {
    public enum Model: String, Sendable, Equatable {
        case closure, hopping
    }

    public let model: Model
    public let spacing: Int
    public let cells: Int
    public let disorder: Double
    public let gamma: Double
    public let rings: Int
    /// 1 / mean(1 / D_r) and its standard error.
    public let value: Double
    public let standardError: Double
    /// mean(D_r): above `value` by the spread of the rings' D (for comparison only).
    public let arithmeticMean: Double

    /// D_inf from `rings` rings (realizations 0..<rings of `seed`) on `threads` threads.
    public init(
        model: Model, spacing: Int, cells: Int, disorder: Double, gamma: Double, rings: Int,
        seed: UInt64, threads: Int
    ) throws {
        precondition(spacing >= 1 && cells >= 1 && spacing * cells >= 3 && rings >= 2)
        BLAS.useSingleThread()
        let n = spacing * cells
        let sites = Chain.sites(every: spacing, length: n)
        let workers = max(1, min(threads, rings))
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: rings)
        defer { results.deallocate() }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for r in stride(from: w, to: rings, by: workers) {
                let chain = Chain.disordered(
                    length: n, disorder: disorder, noiseSites: sites,
                    gammas: [Double](repeating: gamma, count: cells), seed: seed, realization: r)
                let d =
                    switch model {
                    case .closure: RingDiffusion(chain: chain).diffusionConstant()
                    case .hopping: RingHopping(chain: chain).diffusionConstant()
                    }
                out[r] = d ?? .nan
            }
        }
        let d = Array(results)
        guard d.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw Failure(
                description:
                    "ring diffusion constant (\(model)) not finite and positive (l = \(spacing), "
                    + "gamma = \(gamma))")
        }
        let (mean, variance) = Self.meanAndVariance(d.map { 1 / $0 })
        self.model = model
        self.spacing = spacing
        self.cells = cells
        self.disorder = disorder
        self.gamma = gamma
        self.rings = rings
        value = 1 / mean
        standardError = (variance / Double(rings)).squareRoot() / (mean * mean)
        arithmeticMean = d.reduce(0, +) / Double(rings)
    }

    /// D_inf / other.D_inf with its standard error, the relative errors added in quadrature.
    /// Rings of the two with the same realization share their first potentials, so their D are
    /// positively correlated and this error is an upper bound.
    public func ratio(to other: LongTimeDiffusion) -> (value: Double, standardError: Double) {
        let r = value / other.value
        let relative =
            (pow(standardError / value, 2) + pow(other.standardError / other.value, 2))
            .squareRoot()
        return (r, r * relative)
    }

    static func meanAndVariance(_ x: [Double]) -> (Double, Double) {
        let mean = x.reduce(0, +) / Double(x.count)
        return (mean, x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1))
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }
}

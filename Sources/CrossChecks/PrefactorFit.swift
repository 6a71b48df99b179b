import Foundation
import ChainModel
import LinearAlgebra
import Propagation
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation
import Statistics
import Execution
import Formats
import Agreement

/// The derivation check of the master equation (paper Sec. IV): populations of the Anderson
/// eigenstates from the exact closure (diagonal of V^T rho_s V, started from a density
/// excitation on the noisy site, rho_s(0) = |k><k|) against `MasterSolver` with microscopic
/// rates from the same start (p_a(0) = |phi_a(k)|^2, `MasterRates.microscopic`), and the
/// prefactor c that fits best. For a chain with one noisy site k (the fit has one c).
///
/// In the eigenbasis the closure reads dX/dt = i[Lambda, X] - (gamma/2)(P X + X P - 2 P X P),
/// P = p p^T. When gamma |p_a p_b| is small against the level spacings (weak noise) the
/// coherences average out (secular approximation) and the populations obey
/// dX_bb/dt = gamma sum_a p_a^2 p_b^2 (X_aa - X_bb): Gamma_ab = gamma |phi_a(k)|^2 |phi_b(k)|^2,
/// i.e. c = gamma, not the paper's gamma^2. This type measures it.
public struct PrefactorFit {
    public let chain: Chain
    public let times: [Double]
    /// Closure populations per time.
    public let closure: [[Double]]

    public init(chain: Chain, times: [Double]) {
        precondition(chain.noiseSites.count == 1, "the prefactor fit is for one noisy site")
        self.chain = chain
        self.times = times
        let spectrum = chain.spectrum()
        let l = chain.length
        var x = ClosureSolver.initialDensityMatrix(
            chain: chain, spectrum: spectrum, initial: .excitation(site: chain.noiseSites[0]))
        var propagator = TaylorPropagator(
            generator: ClosureGenerator(chain: chain, spectrum: spectrum), tolerance: 1e-11,
            horizon: times.last!)
        var now = 0.0
        var pops: [[Double]] = []
        for t in times {
            propagator.advance(&x, by: t - now)
            now = t
            let e = x.congruence(spectrum.vectors, transposeFirst: true)
            pops.append((0..<l).map { e.re[$0 * l + $0] })
        }
        closure = pops
    }

    /// Master-equation populations with prefactor c, from the same start.
    public func master(c: Double) -> [[Double]] {
        let rates = MasterRates.microscopic(
            chain: chain, prefactors: [c], start: chain.noiseSites[0])
        let solver = MasterSolver(rates: rates)
        return times.map { solver.populations(from: rates.initialPopulations, at: $0) }
    }

    /// Largest total-variation distance over the times between closure and master at c.
    public func totalVariation(c: Double) -> Double {
        var worst = 0.0
        for (a, b) in zip(closure, master(c: c)) {
            var d = 0.0
            for (x, y) in zip(a, b) { d += abs(x - y) }
            worst = max(worst, d / 2)
        }
        return worst
    }

    /// The c minimising the summed squared population differences (golden section on
    /// [0.05 gamma, 5 gamma] in log c).
    public func bestPrefactor() -> Double {
        func cost(_ logC: Double) -> Double {
            var s = 0.0
            for (a, b) in zip(closure, master(c: exp(logC))) {
                for (x, y) in zip(a, b) { s += (x - y) * (x - y) }
            }
            return s
        }
        var lo = log(0.05 * chain.gammas[0]), hi = log(5 * chain.gammas[0])
        let g = (5.0.squareRoot() - 1) / 2
        for _ in 0..<80 {
            let a = hi - g * (hi - lo), b = lo + g * (hi - lo)
            if cost(a) < cost(b) { hi = b } else { lo = a }
        }
        return exp((lo + hi) / 2)
    }
}

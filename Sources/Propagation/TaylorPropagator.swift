import Foundation
import LinearAlgebra

/// Error-controlled propagation of dX/dt = A(X) by the truncated Taylor series of exp(A tau),
/// with output at any times (dense output): the one continuous-time core shared by the
/// many-body Lindblad solver and the exact closure.
///
/// Why this method: the equations are linear and time independent, and their generators are
/// contractions with a known norm bound nu (see `LinearGenerator`). A step of length tau,
/// theta = nu tau, forms the terms T_j = (tau A)^j X / j! and sums them until
///     theta / (j + 1) ||T_j|| <= eps_step ||X||.
/// The rest of the series is bounded by exactly that: Taylor's formula with integral
/// remainder, R_m = int_0^tau exp((tau - s) A) A^(m+1) X s^m / m! ds, with ||exp(s A)|| <= 1
/// gives ||R_m|| <= ||A^(m+1) X|| tau^(m+1) / (m+1)! = ||T_(m+1)|| <= theta / (m+1) ||T_m||,
/// rigorous for every m (no geometric-series assumption, no theta < m + 1 needed).
///
/// Dense output: the state at s in (0, tau] inside the step is the same series with weights
/// r^j, r = s / tau: X(s) = sum_j r^j T_j. Its remainder is R_m(s) <= r^(m+1) ||T_(m+1)|| <=
/// r^(m+1) theta / (m+1) ||T_m||, at most the step-end bound, so an output inside a step is
/// no less accurate than one at its end, and it stops taking terms as soon as its own bound
/// is met (a term counts for every output time, its application is made once). A linear
/// functional f of the state (energy, density, trace, rho_s) needs only f(T_j) on each term:
/// f(X(s)) = sum_j r^j f(T_j); a nonlinear one (purity, entropy) gets the state itself, formed
/// from the same terms into one accumulator per output time inside the step. Accumulators
/// cost memory, so at most `maxOutputsPerStep` outputs share a step when states are asked
/// for (a step with more ends at that output instead).
///
/// Error bound at every output time: with eps_step = tolerance * tau / horizon, each step adds
/// at most eps_step ||X_start|| <= eps_step ||X(0)|| (contraction), and the error already
/// present at the step's start is not amplified by exp(A s), so the Frobenius-norm error of
/// every output, inside a step or at its end, is at most tolerance * ||X(0)|| plus round-off.
/// Round-off: an error made in term k reaches the sum through k! phi_k(tau A) (phi_k(z) =
/// sum_i z^i / (i + k)!), which is int_0^1 exp((1 - s) tau A) k s^(k-1) ds, a contraction, so
/// a step adds about 1e-16 sum_j ||T_j||; a priori sum_j ||T_j|| <= e^theta ||X||, and
/// `maxTheta` keeps that two orders below the tolerance: e^theta * 1e-16 <= tolerance / 100,
/// theta = ln(tolerance * 1e14) within [6, 16]. Steps are equal, as long as that allows, over
/// the time to the last output, independent of the output grid. Other step lengths would not
/// pay (nor would a sharper norm estimate of A^j, as in Al-Mohy and Higham's choice of step
/// and degree): the number of applications barely depends on theta, because
/// ||A^j X||^(1/j) approaches nu (the state spreads over all energy differences).
public struct TaylorPropagator<Generator: LinearGenerator> {
    public let generator: Generator
    public let tolerance: Double
    public let horizon: Double
    // maxTheta: the a priori bound e^theta ||X|| on sum_j ||T_j|| is far from reached (measured
    // on the L = 12 sector at tolerance 1e-8: sum_j ||T_j|| <= 1.5 ||X||), and the cost is flat
    // in theta there: 320-383 applications to t = 10 for theta from 6 to 45 (Performance
    // article, "Taylor propagator: step length").
    public let maxTheta: Double
    /// Most output times in one step when their states are asked for: the ones inside the
    /// step hold one accumulator of the state's size each, within `denseStateBytes` (at least
    /// 2, i.e. one accumulator; at most 64).
    public let maxOutputsPerStep: Int
    /// Memory allowed for the accumulators of dense output (512 MiB).
    public static var denseStateBytes: Double { 512 * 1_048_576 }
    /// Number of generator applications so far (the cost measure).
    public private(set) var evaluations = 0

    private var term: ComplexMatrix
    private var spare: [ComplexMatrix] = []

    public init(generator: Generator, tolerance: Double, horizon: Double) {
        precondition(tolerance > 0 && horizon >= 0)
        self.generator = generator
        self.tolerance = tolerance
        self.horizon = horizon
        maxTheta = min(max(log(tolerance * 1e14), 6), 16)
        maxOutputsPerStep = Self.outputsPerStep(
            rows: generator.stateRows, columns: generator.stateColumns)
        term = ComplexMatrix(rows: generator.stateRows, columns: generator.stateColumns)
    }

    /// `maxOutputsPerStep` for a state of this shape: 1 + the accumulators that fit.
    public static func outputsPerStep(rows: Int, columns: Int) -> Int {
        let bytes = 16 * Double(rows) * Double(columns)
        return 1 + min(max(Int(denseStateBytes / max(bytes, 1)), 1), 63)
    }

    /// Advances `x` by `duration` (>= 0).
    public mutating func advance(_ x: inout ComplexMatrix, by duration: Double) {
        precondition(duration >= 0)
        propagate(&x, through: [duration], linear: nil, needsState: false) { _, _, _ in }
    }

    /// Propagates `x` through the output times `times` (increasing, >= 0, measured from the
    /// time of `x`) and calls `output(index, values, state)` at each, in order: `values` are
    /// `linear` (which must be real-linear in the state) of the state at that time, `state` the
    /// state itself when `needsState`. On return `x` is the state at the last time.
    public mutating func propagate(
        _ x: inout ComplexMatrix, through times: [Double], linear: ((ComplexMatrix) -> [Double])?,
        needsState: Bool,
        output: (_ index: Int, _ values: [Double], _ state: ComplexMatrix?) throws -> Void
    ) rethrows {
        let nu = generator.normBound
        let last = times.last ?? 0
        let span = max(horizon, last)
        var now = 0.0, next = 0
        while next < times.count {
            if times[next] <= now || nu == 0 {  // at the current state (nu = 0: A = 0)
                try output(next, linear?(x) ?? [], needsState ? x : nil)
                next += 1
                continue
            }
            let steps = max(Int((nu * (last - now) / maxTheta).rounded(.up)), 1)
            var end = steps == 1 ? last : now + (last - now) / Double(steps)
            var stop = next
            while stop < times.count && times[stop] <= end { stop += 1 }
            if needsState && stop - next > maxOutputsPerStep {
                stop = next + maxOutputsPerStep
                end = times[stop - 1]
            }
            let tau = end - now
            let ratios = (next..<stop).map { times[$0] >= end ? 1 : (times[$0] - now) / tau }
            let (values, states) = step(
                &x, tau: tau, epsilon: tolerance * tau / span, ratios: ratios, linear: linear,
                needsState: needsState)
            for k in ratios.indices {
                try output(next + k, values[k], ratios[k] == 1 ? (needsState ? x : nil) : states[k])
            }
            spare += states.compactMap { $0 }  // buffers for the next step's accumulators
            now = end
            next = stop
        }
    }

    /// One step of length tau from x (x becomes the state at its end); returns for each output
    /// ratio r = s / tau the linear values and, for r < 1 when asked, the state at s.
    private mutating func step(
        _ x: inout ComplexMatrix, tau: Double, epsilon: Double, ratios: [Double],
        linear: ((ComplexMatrix) -> [Double])?, needsState: Bool
    ) -> (values: [[Double]], states: [ComplexMatrix?]) {
        let theta = generator.normBound * tau
        let xNorm = StateArithmetic.squaredNorm(x).squareRoot()
        let first = linear?(x) ?? []
        var values = ratios.map { _ in first }
        var states: [ComplexMatrix?] = ratios.map { r in
            guard needsState && r < 1 else { return nil }
            var s = spare.popLast() ?? ComplexMatrix(rows: x.rows, columns: x.columns)
            StateArithmetic.copy(x, into: &s)
            return s
        }
        guard xNorm > 0 else { return (values, states) }  // X = 0 stays 0
        var weights = ratios  // r^j of the next term
        var open = [Bool](repeating: true, count: ratios.count)
        StateArithmetic.copy(x, into: &term)
        var j = 0
        while true {
            j += 1
            let norm2 = generator.advanceTerm(&term, scale: tau / Double(j), sum: &x)
            evaluations += 1
            let bound = theta / Double(j + 1) * norm2.squareRoot()  // remainder after T_j, at r = 1
            if open.contains(true) {
                let f = linear?(term) ?? []
                for k in ratios.indices where open[k] {
                    let w = weights[k]
                    for n in f.indices { values[k][n] += w * f[n] }
                    if states[k] != nil {
                        StateArithmetic.add(
                            w, term, to: &states[k]!, upperOnly: generator.addsUpperTriangle)
                    }
                    weights[k] = w * ratios[k]
                    if weights[k] * bound <= epsilon * xNorm { open[k] = false }
                }
            }
            // A non-finite term ends the step; the solver's invariant checks report the state.
            if bound <= epsilon * xNorm || norm2 == 0 || !norm2.isFinite { break }
        }
        if generator.addsUpperTriangle {
            StateArithmetic.mirrorUpper(&x)
            for k in states.indices where states[k] != nil {
                StateArithmetic.mirrorUpper(&states[k]!)
            }
        }
        return (values, states)
    }
}

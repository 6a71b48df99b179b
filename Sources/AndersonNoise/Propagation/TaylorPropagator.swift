/// Error-controlled propagation of dX/dt = A(X) by the truncated Taylor series of exp(A tau)
/// with scaling (the `expmv` idea of Al-Mohy and Higham), the one continuous-time core shared
/// by the many-body Lindblad solver and the exact closure.
///
/// Why this method: the equations are linear and time independent, and their generators are
/// contractions with a known norm bound nu (see `LinearGenerator`). Each step of length tau
/// with theta = nu tau <= `maxTheta` sums X + (tau A) X + (tau A)^2 X / 2! + ... and stops at
/// the first term j > theta with
///     ||term_j|| q / (1 - q) <= eps_step ||X||,  q = theta / (j + 1),
/// which is a rigorous bound on the rest of the series because
/// ||term_{j+1}|| <= theta / (j + 1) ||term_j||. With eps_step = tolerance * tau / horizon and a
/// contractive exp(A t), the global error in the Frobenius norm at any time up to `horizon` is
/// at most `tolerance * ||X(0)||` (plus round-off, about e^theta / sqrt(theta) * 1e-16 per
/// step, which `maxTheta` = 6 keeps near 1e-14). Unlike a fixed-step scheme the error does not
/// depend on the output grid, and unlike Runge-Kutta the cost of a short step between two
/// close output times is only the few terms it needs, so the number of generator
/// applications does not grow with the number of output times.
public struct TaylorPropagator<Generator: LinearGenerator> {
    public let generator: Generator
    public let tolerance: Double
    public let horizon: Double
    public let maxTheta: Double
    /// Number of generator applications so far (the cost measure).
    public private(set) var evaluations = 0

    private var term: ComplexMatrix
    private var next: ComplexMatrix

    public init(generator: Generator, tolerance: Double, horizon: Double, maxTheta: Double = 6) {
        precondition(tolerance > 0 && horizon >= 0 && maxTheta > 0)
        self.generator = generator
        self.tolerance = tolerance
        self.horizon = horizon
        self.maxTheta = maxTheta
        term = ComplexMatrix(rows: generator.stateRows, columns: generator.stateColumns)
        next = term
    }

    /// Advances `x` by `duration` (>= 0).
    public mutating func advance(_ x: inout ComplexMatrix, by duration: Double) {
        precondition(duration >= 0)
        let nu = generator.normBound
        guard duration > 0, nu > 0 else { return }
        let steps = max(Int((nu * duration / maxTheta).rounded(.up)), 1)
        let tau = duration / Double(steps)
        let epsilon = tolerance * tau / max(horizon, duration)
        for _ in 0..<steps { step(&x, tau: tau, theta: nu * tau, epsilon: epsilon) }
    }

    private mutating func step(_ x: inout ComplexMatrix, tau: Double, theta: Double, epsilon: Double) {
        let xNorm = Self.frobeniusNorm(x)
        guard xNorm > 0 else { return }
        term.re = x.re
        term.im = x.im
        var j = 0
        while true {
            j += 1
            generator.apply(term, into: &next)
            evaluations += 1
            let scale = tau / Double(j)
            var norm2 = 0.0
            for n in x.re.indices {
                let r = next.re[n] * scale, i = next.im[n] * scale
                term.re[n] = r
                term.im[n] = i
                x.re[n] += r
                x.im[n] += i
                norm2 += r * r + i * i
            }
            let q = theta / Double(j + 1)
            if q < 1 && norm2.squareRoot() * q / (1 - q) <= epsilon * xNorm { return }
            if norm2 == 0 { return }
        }
    }

    static func frobeniusNorm(_ x: ComplexMatrix) -> Double {
        var s = 0.0
        for n in x.re.indices { s += x.re[n] * x.re[n] + x.im[n] * x.im[n] }
        return s.squareRoot()
    }
}

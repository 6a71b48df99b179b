import LinearAlgebra
/// The right-hand side of a linear, time-independent equation dX/dt = A(X) for a complex
/// matrix-shaped state (the many-body rho, or the single-particle rho_s).
///
/// Both generators in this project have the form A = -i K - D with K Hermitian and D >= 0
/// (Hermitian part of the commutator, dephasing) with respect to the Frobenius inner product,
/// so exp(A t) is a contraction: errors made in one step never grow later.
public protocol LinearGenerator {
    /// Rows and columns of the state.
    var stateRows: Int { get }
    var stateColumns: Int { get }
    /// A rigorous upper bound of the operator 2-norm of A with respect to the Frobenius norm
    /// of the state (for A = -i K - D: ||K|| + ||D||).
    var normBound: Double { get }
    /// y = A(x). `y` has the state's shape; its previous content is overwritten.
    func apply(_ x: ComplexMatrix, into y: inout ComplexMatrix)
    /// One term of a Taylor series in place: term <- scale * A(term), then sum += term;
    /// returns ||term||_F^2 (the new term). The default goes through `apply` and a copy of the
    /// term; a generator can fuse the scaling and the sum into its own last pass.
    func advanceTerm(_ term: inout ComplexMatrix, scale: Double, sum: inout ComplexMatrix) -> Double
    /// True when states are Hermitian and `advanceTerm` adds only the upper triangle of the
    /// term to the sum (half its traffic); the propagator then keeps its sums by their upper
    /// triangles and mirrors them (lower = conjugate of upper) before anyone reads them.
    var addsUpperTriangle: Bool { get }
}

extension LinearGenerator {
    public var addsUpperTriangle: Bool { false }

    public func advanceTerm(
        _ term: inout ComplexMatrix, scale: Double, sum: inout ComplexMatrix
    ) -> Double {
        let x = term
        apply(x, into: &term)
        return StateArithmetic.scaleAndAdd(&term, scale: scale, to: &sum)
    }
}

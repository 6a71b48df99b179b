/// The exact closed equation for the noise-averaged single-particle density matrix:
///     d rho_s/dt = +i [h, rho_s] - (gamma / 2) M o rho_s,
/// M_ij = 1 iff exactly one of i, j is the noisy site k (PHYSICS.md; the transpose of the
/// form the paper's eq. 10 propagates, because rho_s[i][j] = Tr(rho c^dag_i c_j)). No
/// approximation: quadratic H and dephasing by a density operator close the two-point
/// function. Site basis, tridiagonal h: O(L^2) per application.
public struct ClosureGenerator: LinearGenerator, Sendable {
    public let chain: Chain
    let lowest: Double
    let highest: Double

    public init(chain: Chain, spectrum: Spectrum) {
        self.chain = chain
        lowest = spectrum.energies.first!
        highest = spectrum.energies.last!
    }

    public var stateRows: Int { chain.length }
    public var stateColumns: Int { chain.length }

    /// ||K|| + ||D||: [h, .] has eigenvalues lambda_a - lambda_b, the dephasing at most gamma/2.
    public var normBound: Double { (highest - lowest) + chain.gamma / 2 }

    public func apply(_ x: ComplexMatrix, into y: inout ComplexMatrix) {
        let l = chain.length, w = chain.potentials, hop = chain.hopping, k = chain.noiseSite
        let halfGamma = chain.gamma / 2
        for j in 0..<l {
            for i in 0..<l {
                let n = j * l + i
                // Z = h X - X h, entry (i, j).
                var zr = (w[i] - w[j]) * x.re[n]
                var zi = (w[i] - w[j]) * x.im[n]
                if i > 0 { zr -= hop * x.re[n - 1]; zi -= hop * x.im[n - 1] }
                if i + 1 < l { zr -= hop * x.re[n + 1]; zi -= hop * x.im[n + 1] }
                if j > 0 { zr += hop * x.re[n - l]; zi += hop * x.im[n - l] }
                if j + 1 < l { zr += hop * x.re[n + l]; zi += hop * x.im[n + l] }
                // i Z - (gamma/2) M o X.
                let damp = (i == k) != (j == k) ? halfGamma : 0
                y.re[n] = -zi - damp * x.re[n]
                y.im[n] = zr - damp * x.im[n]
            }
        }
    }
}

/// The exact closed equation for the noise-averaged single-particle density matrix:
///     d rho_s/dt = +i [h, rho_s] - Gamma o rho_s,   Gamma_ij = (g_i + g_j) / 2 (i != j), Gamma_ii = 0,
/// g_i the noise strength on site i (0 on a quiet site); with one noisy site k this is
/// (gamma / 2) M o rho_s, M_ij = 1 iff exactly one of i, j is k (Physics article; the
/// transpose of the form the paper's eq. 10 propagates, because rho_s[i][j] = Tr(rho c^dag_i c_j)). No
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

    /// ||K|| + ||D||: [h, .] has eigenvalues lambda_a - lambda_b, the dephasing at most max Gamma_ij.
    public var normBound: Double { (highest - lowest) + chain.largestPairRate }

    public func apply(_ x: ComplexMatrix, into y: inout ComplexMatrix) {
        let l = chain.length, w = chain.potentials, hop = chain.hopping
        let halfStrengths = chain.noiseStrengths.map { $0 / 2 }
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
                // i Z - Gamma o X.
                let damp = i == j ? 0 : halfStrengths[i] + halfStrengths[j]
                y.re[n] = -zi - damp * x.re[n]
                y.im[n] = zr - damp * x.im[n]
            }
        }
    }
}

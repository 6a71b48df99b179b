import ChainModel
import LinearAlgebra
import Propagation
/// The exact closed equation for the noise-averaged single-particle density matrix:
///     d rho_s/dt = +i [h, rho_s] - Gamma o rho_s,
///     Gamma_ij = (g_i + g_j) / 2 (i != j), Gamma_ii = 0,
/// g_i the noise strength on site i (0 on a quiet site); with one noisy site k this is
/// (gamma / 2) M o rho_s, M_ij = 1 iff exactly one of i, j is k (Physics article; the
/// transpose of the form the paper's eq. 10 propagates, because rho_s[i][j] = Tr(rho c^dag_i c_j)).
/// No approximation: quadratic H and dephasing by a density operator close the two-point
/// function. Site basis, tridiagonal h: O(L^2) per application.
public struct ClosureGenerator: LinearGenerator, Sendable {
    public let chain: Chain
    package let lowest: Double
    package let highest: Double
    /// A column of zeros: the neighbour column outside the chain.
    package let zeros: [Double]

    public init(chain: Chain, spectrum: Spectrum) {
        self.chain = chain
        lowest = spectrum.energies.first!
        highest = spectrum.energies.last!
        zeros = [Double](repeating: 0, count: chain.length)
    }

    public var stateRows: Int { chain.length }
    public var stateColumns: Int { chain.length }

    /// ||K|| + ||D||: [h, .] has eigenvalues lambda_a - lambda_b, the dephasing at most max
    /// Gamma_ij.
    public var normBound: Double { (highest - lowest) + chain.largestPairRate }

    // Why the split into a branch-free interior and the special rows and columns afterwards:
    // the exact closure of L = 100 to t = 1e4 took 8.5 s of CPU with one branchy loop over all
    // entries, 2.6 s with this one (Performance article, "Closure generator: branch-free
    // interior").
    /// y = i (h X - X h) - Gamma o X, column by column (X is column-major): the
    /// interior rows of a column four at a time (SIMD4), the two end rows and each noisy
    /// site's row and column afterwards. A missing neighbour column (j = 0 or L - 1) reads a
    /// column of zeros. O(L^2).
    public func apply(_ x: ComplexMatrix, into y: inout ComplexMatrix) {
        let l = chain.length, hop = chain.hopping
        let halfStrengths = chain.noiseStrengths.map { $0 / 2 }
        let body = l >= 2 ? 1 + ((l - 2) & ~3) : 0  // rows 1..<body in lanes, body..<l-1 scalar
        chain.potentials.withUnsafeBufferPointer { w in
            zeros.withUnsafeBufferPointer { zero in
                x.re.withUnsafeBufferPointer { xre in
                    x.im.withUnsafeBufferPointer { xim in
                        y.re.withUnsafeMutableBufferPointer { yre in
                            y.im.withUnsafeMutableBufferPointer { yim in
                                for j in 0..<l {
                                    let c = j * l
                                    let xr = xre.baseAddress! + c, xi = xim.baseAddress! + c
                                    let lr = j > 0 ? xr - l : zero.baseAddress!,
                                        li = j > 0 ? xi - l : zero.baseAddress!
                                    let rr = j + 1 < l ? xr + l : zero.baseAddress!,
                                        ri = j + 1 < l ? xi + l : zero.baseAddress!
                                    let yr = yre.baseAddress! + c, yi = yim.baseAddress! + c
                                    let wj = w[j]
                                    // Z = h X - X h at row i of this column; y = i Z.
                                    func entry(_ i: Int) {
                                        var zr = (w[i] - wj) * xr[i] + hop * (lr[i] + rr[i])
                                        var zi = (w[i] - wj) * xi[i] + hop * (li[i] + ri[i])
                                        if i > 0 { zr -= hop * xr[i - 1]; zi -= hop * xi[i - 1] }
                                        if i + 1 < l {
                                            zr -= hop * xr[i + 1]; zi -= hop * xi[i + 1]
                                        }
                                        yr[i] = -zi
                                        yi[i] = zr
                                    }
                                    entry(0)
                                    var i = 1
                                    while i < body {
                                        let d = Lanes4.load(w.baseAddress! + i) - wj
                                        let zr =
                                            d * Lanes4.load(xr + i)
                                            + hop
                                            * (Lanes4.load(lr + i) + Lanes4.load(rr + i)
                                                - Lanes4.load(xr + i - 1) - Lanes4.load(xr + i + 1))
                                        let zi =
                                            d * Lanes4.load(xi + i)
                                            + hop
                                            * (Lanes4.load(li + i) + Lanes4.load(ri + i)
                                                - Lanes4.load(xi + i - 1) - Lanes4.load(xi + i + 1))
                                        Lanes4.store(-zi, yr + i)
                                        Lanes4.store(zr, yi + i)
                                        i += 4
                                    }
                                    while i < l {
                                        entry(i)
                                        i += 1
                                    }
                                }
                                // - Gamma o X, Gamma_ij = g_i/2 + g_j/2 (i != j): each noisy site k
                                // damps its row and its column (an entry between two noisy sites
                                // gets both halves).
                                for k in chain.noiseSites {
                                    let half = halfStrengths[k]
                                    for m in 0..<l where m != k {
                                        for n in [m * l + k, k * l + m] {
                                            yre[n] -= half * xre[n]
                                            yim[n] -= half * xim[n]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

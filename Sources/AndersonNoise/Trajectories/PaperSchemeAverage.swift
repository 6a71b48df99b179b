import Foundation

/// The noise average of one step of the paper's scheme (eq. 8), U_theta = exp(-i (h + (theta/dt) P) dt),
/// theta ~ N(0, gamma dt), computed by Gauss-Hermite quadrature over theta: U_theta is an
/// entire function of theta, so n nodes integrate the step to near machine precision. Used
/// to measure the scheme's O(dt) weak error without sampling noise. O(n L^3) per step:
/// small chains only. One noisy site only: with S sites the average is an S-dimensional
/// integral, and the initializer refuses a chain with more (exit 64 from the CLI).
public struct PaperSchemeAverage {
    let unitaries: [(weight: Double, re: RealMatrix, im: RealMatrix)]
    let length: Int

    public init(chain: Chain, dt: Double, nodes: Int = 24) throws {
        guard chain.noiseSites.count == 1 else {
            throw InputError(option: "--scheme", value: "paper", allowed: "its exact average supports one noisy site")
        }
        let site = chain.noiseSites[0], gamma = chain.gammas[0]
        let l = chain.length
        length = l
        // Golub-Welsch for the probabilists' Hermite weight exp(-x^2/2) / sqrt(2 pi).
        let (x, v) = Eigen.symmetricTridiagonal(
            diagonal: [Double](repeating: 0, count: nodes), offDiagonal: (1..<nodes).map { Double($0).squareRoot() })
        let sigma = (gamma * dt).squareRoot()
        var list: [(Double, RealMatrix, RealMatrix)] = []
        for q in 0..<nodes {
            let theta = sigma * x[q]
            var m = chain.hamiltonian  // h + (theta/dt) P in the site basis, P = e_k e_k^T
            m[site, site] += theta / dt
            let (mu, w) = Eigen.symmetric(m)
            var ur = RealMatrix(rows: l, columns: l), ui = RealMatrix(rows: l, columns: l)
            for b in 0..<l {
                for a in 0..<l {
                    var sr = 0.0, si = 0.0
                    for c in 0..<l {
                        sr += w[a, c] * cos(mu[c] * dt) * w[b, c]
                        si -= w[a, c] * sin(mu[c] * dt) * w[b, c]
                    }
                    ur[a, b] = sr
                    ui[a, b] = si
                }
            }
            list.append((v[0, q] * v[0, q], ur, ui))
        }
        unitaries = list
    }

    /// rho_s -> sum_q w_q conj(U_q) rho_s U_q^T (site basis; see `SchemeAverage` for why).
    public func step(_ x: ComplexMatrix) -> ComplexMatrix {
        let l = length
        var out = ComplexMatrix(rows: l, columns: l)
        for (weight, ur, ui) in unitaries {
            // conj(U) X U^T, entry (i, j) = sum_ab conj(U_ia) X_ab U_jb
            for j in 0..<l {
                for i in 0..<l {
                    var sr = 0.0, si = 0.0
                    for b in 0..<l {
                        for a in 0..<l {
                            let cr = ur[i, a], ci = -ui[i, a]
                            let xr = x.re[b * l + a], xi = x.im[b * l + a]
                            let tr = cr * xr - ci * xi, ti = cr * xi + ci * xr
                            sr += tr * ur[j, b] - ti * ui[j, b]
                            si += tr * ui[j, b] + ti * ur[j, b]
                        }
                    }
                    out.re[j * l + i] += weight * sr
                    out.im[j * l + i] += weight * si
                }
            }
        }
        return out
    }
}

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

/// The noise average of one step of the paper's scheme (eq. 8),
/// U_theta = exp(-i (h + (theta/dt) P) dt),
/// theta ~ N(0, gamma dt), computed by Gauss-Hermite quadrature over theta: U_theta is an
/// entire function of theta, so n nodes integrate the step to near machine precision. Used
/// to measure the scheme's O(dt) weak error without sampling noise. O(n L^3) per step
/// (eight `dgemm` per node). One noisy site only: with S sites the average is an
/// S-dimensional integral, and the initializer refuses a chain with more (exit 64 from the CLI).
public struct PaperSchemeAverage {
    /// Per node: the weight, U = ur + i ui.
    package let unitaries: [(weight: Double, ur: RealMatrix, ui: RealMatrix)]
    package let length: Int

    /// The number of nodes that integrates one averaged step to below 1e-17 ||rho_s||.
    /// The probabilists' Gauss-Hermite rule with n nodes errs by n!/(2n)! f^(2n)(xi) for
    /// f(x) = F(sigma x); F(theta) = conj(U_theta) X U_theta^T has ||F^(k)|| <= 2^k ||X||
    /// (each theta-derivative of U_theta has norm <= ||P|| = 1), so the error is at most
    /// n!/(2n)! (2 sigma)^(2n) ||X||, sigma^2 = gamma dt. Between 4 and 64 nodes; 11 at
    /// gamma dt = 0.1, 20 at gamma dt = 1.
    public static func nodeCount(gamma: Double, dt: Double) -> Int {
        let x = 4 * gamma * dt  // (2 sigma)^2
        var bound = 1.0  // n!/(2n)! x^n, from n = 0 up
        for n in 1...64 {
            bound *= x / (Double(2 * n - 1) * Double(2 * n)) * Double(n)
            if n >= 4 && bound <= 1e-17 { return n }
        }
        return 64
    }

    public init(chain: Chain, dt: Double, nodes: Int? = nil) throws {
        guard chain.noiseSites.count == 1 else {
            throw InputError(
                option: "scheme", value: "paper",
                allowed: "its exact average supports one noisy site")
        }
        let site = chain.noiseSites[0], gamma = chain.gammas[0]
        let l = chain.length
        length = l
        let n = nodes ?? Self.nodeCount(gamma: gamma, dt: dt)
        // Golub-Welsch for the probabilists' Hermite weight exp(-x^2/2) / sqrt(2 pi).
        let (x, v) = Eigen.symmetricTridiagonal(
            diagonal: [Double](repeating: 0, count: n),
            offDiagonal: (1..<n).map { Double($0).squareRoot() })
        let sigma = (gamma * dt).squareRoot()
        var list: [(Double, RealMatrix, RealMatrix)] = []
        for q in 0..<n {
            let theta = sigma * x[q]
            var m = chain.hamiltonian  // h + (theta/dt) P in the site basis, P = e_k e_k^T
            m[site, site] += theta / dt
            let (mu, w) = Eigen.symmetric(m)
            // U = W diag(e^{-i mu dt}) W^T
            var wc = w, ws = w
            for c in 0..<l {
                for a in 0..<l {
                    wc[a, c] *= cos(mu[c] * dt)
                    ws[a, c] *= -sin(mu[c] * dt)
                }
            }
            var ur = RealMatrix(rows: l, columns: l), ui = RealMatrix(rows: l, columns: l)
            BLAS.multiply(1, wc, w, transposeB: true, beta: 0, into: &ur)
            BLAS.multiply(1, ws, w, transposeB: true, beta: 0, into: &ui)
            list.append((v[0, q] * v[0, q], ur, ui))
        }
        unitaries = list
    }

    /// rho_s -> sum_q w_q conj(U_q) rho_s U_q^T (site basis; see `SchemeAverage` for why).
    public func step(_ x: ComplexMatrix) -> ComplexMatrix {
        let l = length
        let xr = RealMatrix(rows: l, columns: l, storage: x.re),
            xi = RealMatrix(rows: l, columns: l, storage: x.im)
        var outR = RealMatrix(rows: l, columns: l), outI = RealMatrix(rows: l, columns: l)
        var yr = RealMatrix(rows: l, columns: l), yi = RealMatrix(rows: l, columns: l)
        for (weight, ur, ui) in unitaries {
            // Y = conj(U) X = (ur xr + ui xi) + i (ur xi - ui xr)
            BLAS.multiply(1, ur, xr, beta: 0, into: &yr)
            BLAS.multiply(1, ui, xi, beta: 1, into: &yr)
            BLAS.multiply(1, ur, xi, beta: 0, into: &yi)
            BLAS.multiply(-1, ui, xr, beta: 1, into: &yi)
            // out += w Y U^T = w [(yr ur^T - yi ui^T) + i (yr ui^T + yi ur^T)]
            BLAS.multiply(weight, yr, ur, transposeB: true, beta: 1, into: &outR)
            BLAS.multiply(-weight, yi, ui, transposeB: true, beta: 1, into: &outR)
            BLAS.multiply(weight, yr, ui, transposeB: true, beta: 1, into: &outI)
            BLAS.multiply(weight, yi, ur, transposeB: true, beta: 1, into: &outI)
        }
        var out = ComplexMatrix(rows: l, columns: l)
        out.re = outR.storage
        out.im = outI.storage
        return out
    }
}

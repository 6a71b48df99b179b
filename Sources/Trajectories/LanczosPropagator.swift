import Foundation
import ChainModel
import LinearAlgebra

/// The paper's propagation method (Krylov / Lanczos), kept as the baseline that `bench`
/// measures the eigenbasis kernel against: psi -> exp(-i h dt) psi in the SITE basis for a
/// tridiagonal h, with the Krylov dimension m grown until the a-posteriori error estimate
/// beta_m |e_m^T exp(-i T_m dt) e_1| falls below the tolerance (1e-12). Buffers are
/// allocated once; each step costs about m matrix-vector products of O(L).
public final class LanczosPropagator {
    public let chain: Chain
    public let dt: Double
    public let tolerance: Double
    public let maxDimension: Int
    package var basisRe: [Double], basisIm: [Double]
    package var alpha: [Double], beta: [Double]
    package var wr: [Double], wi: [Double]
    /// Krylov dimension used by the last step.
    public private(set) var lastDimension = 0

    public init(chain: Chain, dt: Double, tolerance: Double = 1e-12, maxDimension: Int = 40) {
        self.chain = chain
        self.dt = dt
        self.tolerance = tolerance
        self.maxDimension = maxDimension
        let l = chain.length
        basisRe = [Double](repeating: 0, count: l * (maxDimension + 1))
        basisIm = basisRe
        alpha = [Double](repeating: 0, count: maxDimension)
        beta = alpha
        wr = [Double](repeating: 0, count: l)
        wi = wr
    }

    /// y = h x for the tridiagonal h (real and imaginary parts separately).
    @inline(__always)
    package func multiply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        let l = chain.length, j = chain.hopping
        chain.potentials.withUnsafeBufferPointer { w in
            for i in 0..<l {
                var s = w[i] * x[i]
                if i > 0 { s -= j * x[i - 1] }
                if i + 1 < l { s -= j * x[i + 1] }
                y[i] = s
            }
        }
    }

    /// psi (site basis, split storage, length L) -> exp(-i h dt) psi.
    public func propagate(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>) {
        let l = chain.length
        var norm = 0.0
        for i in 0..<l { norm += re[i] * re[i] + im[i] * im[i] }
        norm = norm.squareRoot()
        guard norm > 0 else { return }
        basisRe.withUnsafeMutableBufferPointer { vr in
            basisIm.withUnsafeMutableBufferPointer { vi in
                wr.withUnsafeMutableBufferPointer { w1 in
                    wi.withUnsafeMutableBufferPointer { w2 in
                        let vr = vr.baseAddress!, vi = vi.baseAddress!, w1 = w1.baseAddress!,
                            w2 = w2.baseAddress!
                        for i in 0..<l {
                            vr[i] = re[i] / norm
                            vi[i] = im[i] / norm
                        }
                        var m = 0
                        var coefficients: (re: [Double], im: [Double]) = ([], [])
                        while m < maxDimension {
                            let v = m * l
                            multiply(vr + v, into: w1)
                            multiply(vi + v, into: w2)
                            var a = 0.0
                            for i in 0..<l { a += vr[v + i] * w1[i] + vi[v + i] * w2[i] }
                            alpha[m] = a
                            for i in 0..<l {
                                w1[i] -= a * vr[v + i]
                                w2[i] -= a * vi[v + i]
                                if m > 0 {
                                    w1[i] -= beta[m - 1] * vr[v - l + i]
                                    w2[i] -= beta[m - 1] * vi[v - l + i]
                                }
                            }
                            var b = 0.0
                            for i in 0..<l { b += w1[i] * w1[i] + w2[i] * w2[i] }
                            b = b.squareRoot()
                            beta[m] = b
                            m += 1
                            coefficients = smallExponential(m)
                            let estimate =
                                b
                                * (coefficients.re[m - 1] * coefficients.re[m - 1]
                                + coefficients.im[m - 1] * coefficients.im[m - 1]).squareRoot()
                            if estimate < tolerance || b < 1e-300 { break }
                            for i in 0..<l {
                                vr[v + l + i] = w1[i] / b
                                vi[v + l + i] = w2[i] / b
                            }
                        }
                        lastDimension = m
                        for i in 0..<l {
                            var sr = 0.0, si = 0.0
                            for k in 0..<m {
                                // (V c)_i with complex c and complex V
                                sr +=
                                    vr[k * l + i] * coefficients.re[k] - vi[k * l + i]
                                    * coefficients.im[k]
                                si +=
                                    vr[k * l + i] * coefficients.im[k] + vi[k * l + i]
                                    * coefficients.re[k]
                            }
                            re[i] = norm * sr
                            im[i] = norm * si
                        }
                    }
                }
            }
        }
    }

    /// exp(-i T_m dt) e_1 for the m x m Lanczos tridiagonal T_m (LAPACK dstevd).
    package func smallExponential(_ m: Int) -> (re: [Double], im: [Double]) {
        let (values, vectors) = Eigen.symmetricTridiagonal(
            diagonal: Array(alpha[0..<m]), offDiagonal: Array(beta[0..<(m - 1)]))
        var re = [Double](repeating: 0, count: m), im = re
        for k in 0..<m {
            let c = cos(values[k] * dt), s = -sin(values[k] * dt), q = vectors[0, k]
            for j in 0..<m {
                re[j] += vectors[j, k] * c * q
                im[j] += vectors[j, k] * s * q
            }
        }
        return (re, im)
    }
}

import Foundation

/// An independent dense reference for the preflight's exact averages, sharing no code with
/// the library: complex n x n matrices (row-major, split storage), products, the matrix
/// exponential by scaling and squaring with a Taylor series, and on top of them
/// - the exact closure d rho/dt = i [h, rho] - (gamma/2) M o rho, as exp(A t) of its L^2 x L^2
///   superoperator,
/// - one averaged step of each scheme: the free step rho -> e^{i h tau} rho e^{-i h tau} from a
///   dense exponential, the averaged kick as the dephasing channel on the entries with exactly
///   one index k, and for the paper's scheme E_theta[e^{i(h dt + theta P)} rho e^{-i(h dt + theta
///   P)}] by the trapezoidal rule in eta = theta / sqrt(gamma dt) on [-12, 12], step 0.05
///   (spectrally accurate for this entire, Gaussian-weighted integrand).
struct DenseMatrix {
    let n: Int
    var re: [Double]
    var im: [Double]

    init(_ n: Int) {
        self.n = n
        re = [Double](repeating: 0, count: n * n)
        im = re
    }

    static func identity(_ n: Int) -> DenseMatrix {
        var m = DenseMatrix(n)
        for i in 0..<n { m.re[i * n + i] = 1 }
        return m
    }

    static func * (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix {
        let n = a.n
        var c = DenseMatrix(n)
        for i in 0..<n {
            for k in 0..<n {
                let ar = a.re[i * n + k], ai = a.im[i * n + k]
                if ar == 0 && ai == 0 { continue }
                for j in 0..<n {
                    c.re[i * n + j] += ar * b.re[k * n + j] - ai * b.im[k * n + j]
                    c.im[i * n + j] += ar * b.im[k * n + j] + ai * b.re[k * n + j]
                }
            }
        }
        return c
    }

    func scaled(_ s: Double) -> DenseMatrix {
        var m = self
        for q in re.indices {
            m.re[q] *= s
            m.im[q] *= s
        }
        return m
    }

    static func + (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix {
        var m = a
        for q in a.re.indices {
            m.re[q] += b.re[q]
            m.im[q] += b.im[q]
        }
        return m
    }

    /// Conjugate transpose.
    var adjoint: DenseMatrix {
        var m = DenseMatrix(n)
        for i in 0..<n {
            for j in 0..<n {
                m.re[j * n + i] = re[i * n + j]
                m.im[j * n + i] = -im[i * n + j]
            }
        }
        return m
    }

    /// exp(self): scaled to norm <= 1/2, 30 Taylor terms, squared back.
    var exponential: DenseMatrix {
        let norm = zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }.reduce(0, +)
        let squarings = max(0, Int(ceil(log2(max(norm, 1e-300) / 0.5))))
        let a = scaled(pow(2, -Double(squarings)))
        var sum = DenseMatrix.identity(n), term = sum
        for k in 1...30 {
            term = (term * a).scaled(1 / Double(k))
            sum = sum + term
        }
        for _ in 0..<squarings { sum = sum * sum }
        return sum
    }

    /// The vector of entries X[i][j] at i * n + j, as an n^2 x 1 column.
    func apply(_ v: (re: [Double], im: [Double])) -> (re: [Double], im: [Double]) {
        var out = (re: [Double](repeating: 0, count: n), im: [Double](repeating: 0, count: n))
        for i in 0..<n {
            for j in 0..<n {
                out.re[i] += re[i * n + j] * v.re[j] - im[i * n + j] * v.im[j]
                out.im[i] += re[i * n + j] * v.im[j] + im[i * n + j] * v.re[j]
            }
        }
        return out
    }
}

enum DenseReference {
    /// h (real symmetric) as a dense complex matrix.
    static func hamiltonian(potentials w: [Double], hopping: Double) -> DenseMatrix {
        let l = w.count
        var h = DenseMatrix(l)
        for i in 0..<l {
            h.re[i * l + i] = w[i]
            if i + 1 < l {
                h.re[i * l + i + 1] = -hopping
                h.re[(i + 1) * l + i] = -hopping
            }
        }
        return h
    }

    /// rho(t) of the exact closure at each time, from the dense superoperator exponential:
    /// d rho_ij/dt = i (h rho - rho h)_ij - Gamma_ij rho_ij, Gamma_ij = (g_i + g_j)/2 for
    /// i != j, g_k the gamma of noisy site k (0 elsewhere).
    static func exact(
        h: DenseMatrix, noiseSites: [Int], gammas: [Double], rho0: DenseMatrix, times: [Double]
    ) -> [DenseMatrix] {
        let l = h.n, d = l * l
        var a = DenseMatrix(d)  // vec index i * l + j
        for i in 0..<l {
            for j in 0..<l {
                let row = i * l + j
                for m in 0..<l {  // i (h X - X h)_ij = i sum_m (h_im X_mj - X_im h_mj)
                    a.im[row * d + m * l + j] += h.re[i * l + m]
                    a.im[row * d + i * l + m] -= h.re[m * l + j]
                }
                for (k, gamma) in zip(noiseSites, gammas) where (i == k) != (j == k) {
                    a.re[row * d + row] -= gamma / 2
                }
            }
        }
        return times.map { t in
            let v = a.scaled(t).exponential.apply((rho0.re, rho0.im))
            var x = DenseMatrix(l)
            x.re = v.re
            x.im = v.im
            return x
        }
    }

    static func dephase(_ x: DenseMatrix, noiseSite k: Int, factor: Double) -> DenseMatrix {
        var y = x
        for i in 0..<x.n {
            for j in 0..<x.n where (i == k) != (j == k) {
                y.re[i * x.n + j] *= factor
                y.im[i * x.n + j] *= factor
            }
        }
        return y
    }

    /// rho at each time of the averaged lie, strang or paper scheme at step dt (paper: one
    /// noisy site; lie and strang: each noisy site's averaged kick in turn).
    static func scheme(
        _ name: String, h: DenseMatrix, noiseSites: [Int], gammas: [Double], dt: Double,
        rho0: DenseMatrix, times: [Double]
    ) -> [DenseMatrix] {
        precondition(name != "paper" || noiseSites.count == 1)
        let k = noiseSites[0], gamma = gammas[0]
        func kicks(_ x: DenseMatrix) -> DenseMatrix {
            zip(noiseSites, gammas).reduce(x) {
                dephase($0, noiseSite: $1.0, factor: exp(-$1.1 * dt / 2))
            }
        }
        let l = h.n
        func free(_ tau: Double) -> DenseMatrix {
            var ih = DenseMatrix(l)
            ih.im = h.re.map { $0 * tau }
            return ih.exponential  // e^{i h tau}
        }
        let full = free(dt), half = free(dt / 2)
        var nodes: [(weight: Double, u: DenseMatrix)] = []
        if name == "paper" {
            let step = 0.05, sigma = (gamma * dt).squareRoot()
            for q in -240...240 {
                let eta = Double(q) * step
                var m = DenseMatrix(l)  // i (h dt + theta P)
                m.im = h.re.map { $0 * dt }
                m.im[k * l + k] += sigma * eta
                nodes.append(
                    (step * exp(-eta * eta / 2) / (2 * Double.pi).squareRoot(), m.exponential))
            }
        }
        func advance(_ x: DenseMatrix) -> DenseMatrix {
            switch name {
            case "lie": return kicks(full * x * full.adjoint)
            case "strang":
                let y = kicks(half * x * half.adjoint)
                return half * y * half.adjoint
            default:
                return nodes.map { ($0.u * x * $0.u.adjoint).scaled($0.weight) }.reduce(
                    DenseMatrix(l), +)
            }
        }
        var x = rho0, done = 0, out: [DenseMatrix] = []
        for t in times {
            let steps = Int((t / dt).rounded())
            for _ in done..<steps { x = advance(x) }
            done = steps
            out.append(x)
        }
        return out
    }

    static func energy(_ x: DenseMatrix, h: DenseMatrix) -> Double {
        var e = 0.0
        for q in x.re.indices { e += h.re[q] * x.re[q] }  // Tr(h^T X), real part
        return e
    }
}

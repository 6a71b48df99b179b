import Foundation

/// An independent Strang trajectory code for `check`'s tests, sharing no code with the
/// library: its own complex arithmetic, matrix exponential (Taylor series with scaling and
/// squaring), random numbers (SplitMix64, Box-Muller) and observables. Each step applies
/// U = exp(-i h dt/2) exp(-i theta P_k) exp(-i h dt/2), theta = a eta, eta ~ N(0, 1), to the
/// orbitals of a Slater determinant started as a product state; `energy` = sum_n phi_n^dag h
/// phi_n and `density[i]` = sum_n |phi_n(i)|^2 are averaged over M independent trajectories,
/// with standard errors. The bugs a test plants: the kick amplitude a = sqrt(gamma) dt instead
/// of sqrt(gamma dt), and the noise on site k + 1.
package struct DenseTrajectories {
    package var hopping = 1.0
    package var potentials: [Double]
    package var gamma: Double
    /// 0-based noisy site.
    package var site: Int
    package var occupations: [Int]
    package var dt: Double
    package var times: [Double]

    package enum Bug: Sendable { case none, kickAmplitude, siteOffByOne }

    package init(
        potentials: [Double], gamma: Double, site: Int, occupations: [Int], dt: Double,
        times: [Double]
    ) {
        self.potentials = potentials
        self.gamma = gamma
        self.site = site
        self.occupations = occupations
        self.dt = dt
        self.times = times
    }

    var length: Int { potentials.count }

    /// exp(-i h tau) as (re, im), row-major: sum_k (-i h tau)^k / k! after halving tau until
    /// ||h tau||_1 <= 1/2, then squared back.
    func propagator(_ tau: Double) -> (re: [Double], im: [Double]) {
        let l = length
        var h = [Double](repeating: 0, count: l * l)
        for i in 0..<l {
            h[i * l + i] = potentials[i]
            if i + 1 < l {
                h[i * l + i + 1] = -hopping
                h[(i + 1) * l + i] = -hopping
            }
        }
        let norm = (0..<l).map { i in (0..<l).map { abs(h[i * l + $0]) }.reduce(0, +) }.max()!
        let squarings = max(0, Int(ceil(log2(max(norm * abs(tau), 1e-300) / 0.5))))
        let s = tau / pow(2, Double(squarings))
        func multiply(
            _ a: (re: [Double], im: [Double]), _ b: (re: [Double], im: [Double])
        )
            -> (re: [Double], im: [Double])
        {
            var c = (
                re: [Double](repeating: 0, count: l * l), im: [Double](repeating: 0, count: l * l)
            )
            for i in 0..<l {
                for k in 0..<l {
                    let (ar, ai) = (a.re[i * l + k], a.im[i * l + k])
                    for j in 0..<l {
                        c.re[i * l + j] += ar * b.re[k * l + j] - ai * b.im[k * l + j]
                        c.im[i * l + j] += ar * b.im[k * l + j] + ai * b.re[k * l + j]
                    }
                }
            }
            return c
        }
        let generator = (re: [Double](repeating: 0, count: l * l), im: h.map { -$0 * s })
        var term = (
            re: [Double](repeating: 0, count: l * l), im: [Double](repeating: 0, count: l * l)
        )
        for i in 0..<l { term.re[i * l + i] = 1 }
        var sum = term
        for k in 1...30 {
            term = multiply(term, generator)
            for q in term.re.indices {
                term.re[q] /= Double(k)
                term.im[q] /= Double(k)
                sum.re[q] += term.re[q]
                sum.im[q] += term.im[q]
            }
        }
        for _ in 0..<squarings { sum = multiply(sum, sum) }
        return sum
    }

    /// The check-format CSV of `trajectories` independent trajectories: time, energy,
    /// density[1...L], and each one's `_stderr`.
    package func csv(trajectories m: Int, seed: UInt64, bug: Bug = .none) -> String {
        let l = length
        let occupied = occupations.indices.filter { occupations[$0] == 1 }
        let half = propagator(dt / 2)
        let amplitude = bug == .kickAmplitude ? gamma.squareRoot() * dt : (gamma * dt).squareRoot()
        let k = bug == .siteOffByOne ? site + 1 : site
        let steps = times.map { Int(($0 / dt).rounded()) }
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9_007_199_254_740_992
        }
        func gaussian() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
        // sums[t][q]: q = 0 energy, 1...L density; and of squares.
        let width = l + 1
        var sum = [[Double]](repeating: [Double](repeating: 0, count: width), count: times.count)
        var squares = sum
        for _ in 0..<m {
            // phi[n] = (re, im) of orbital n.
            var phi = occupied.map { i -> (re: [Double], im: [Double]) in
                var v = (re: [Double](repeating: 0, count: l), im: [Double](repeating: 0, count: l))
                v.re[i] = 1
                return v
            }
            func apply(_ u: (re: [Double], im: [Double])) {
                for n in phi.indices {
                    var out = (
                        re: [Double](repeating: 0, count: l), im: [Double](repeating: 0, count: l)
                    )
                    for i in 0..<l {
                        for j in 0..<l {
                            out.re[i] +=
                                u.re[i * l + j] * phi[n].re[j] - u.im[i * l + j] * phi[n].im[j]
                            out.im[i] +=
                                u.re[i * l + j] * phi[n].im[j] + u.im[i * l + j] * phi[n].re[j]
                        }
                    }
                    phi[n] = out
                }
            }
            var done = 0
            for (t, n) in steps.enumerated() {
                for _ in done..<n {
                    apply(half)
                    let theta = amplitude * gaussian()
                    let (c, s) = (cos(theta), -sin(theta))
                    for q in phi.indices {
                        let (re, im) = (phi[q].re[k], phi[q].im[k])
                        phi[q].re[k] = c * re - s * im
                        phi[q].im[k] = c * im + s * re
                    }
                    apply(half)
                }
                done = n
                var sample = [Double](repeating: 0, count: width)
                for v in phi {
                    for i in 0..<l {
                        sample[i + 1] += v.re[i] * v.re[i] + v.im[i] * v.im[i]
                        // <phi|h|phi>: diagonal plus twice the real part of the bonds.
                        sample[0] += potentials[i] * (v.re[i] * v.re[i] + v.im[i] * v.im[i])
                        if i + 1 < l {
                            sample[0] -=
                                2 * hopping * (v.re[i] * v.re[i + 1] + v.im[i] * v.im[i + 1])
                        }
                    }
                }
                for q in 0..<width {
                    sum[t][q] += sample[q]
                    squares[t][q] += sample[q] * sample[q]
                }
            }
        }
        let names = ["energy"] + (1...l).map { "density[\($0)]" }
        let errors = ["energy_stderr"] + (1...l).map { "density_stderr[\($0)]" }
        var out = (["time"] + names + errors).joined(separator: ",") + "\n"
        for (t, time) in times.enumerated() {
            let mean = sum[t].map { $0 / Double(m) }
            let se = zip(squares[t], mean).map { s, x in
                (max(s / Double(m) - x * x, 0) * Double(m) / Double(m - 1) / Double(m)).squareRoot()
            }
            out += ([time] + mean + se).map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return out
    }
}

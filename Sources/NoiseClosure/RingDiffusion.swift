import ChainModel
import LinearAlgebra

/// The long-time diffusion constant of the closure (`ClosureGenerator`'s equation) on a ring:
/// N sites, the chain's potentials and noise strengths, the bond N-1 -> 0 closing it.
///
/// Bloch modes. On the infinite chain made of copies of the ring, a density modulation
/// e^{-ikx} is carried by X_xy = e^{ik(x+y)/2} rho_xy, which obeys
///     dX/dt = L(k) X = i (A X - X A*) - Gamma o X,   A_xz = h_xz e^{ik(x-z)/2},
/// x - z the physical displacement (+-1, also across the closing bond). Its slowest eigenvalue
/// is lambda(k) = -D k^2 + O(k^4), D that of the density, width^2 = 2 D t at long times.
///
/// Second-order perturbation theory about the k = 0 steady state (the identity; left zero mode
/// the trace) gives, with L(k) = L0 + k L1 + k^2 L2 + ..., L1 X = i (A1 X + X A1),
/// A1_xz = (i / 2) R_xz, R_xz = (x - z) h_xz (real antisymmetric, the current operator):
/// lambda_1 = Tr(L1 I) / N = 0, Tr(L2 I) = 0 and
///     D = -lambda_2 = -Tr(L1 Y) / N,   L0 Y = -L1 I = R,
/// one linear solve, no time stepping. Y = i K with K Hermitian (L0 preserves Hermiticity and
/// R is i times a Hermitian matrix); with K = S + i A (S real symmetric, A real antisymmetric)
///     L0 K = [-(h A - A h) - Gamma o S] + i [(h S - S h) - Gamma o A],
/// so the solve is real in the N^2 numbers S_xy (x <= y), A_xy (x < y), with L0 K = -i R, i.e.
/// the symmetric part 0 and the antisymmetric part -R, and D = sum_xz R_xz A_xz / N. The zero
/// mode is removed by adding Tr(S) to every diagonal equation (forcing Tr S = 0, which leaves
/// D unchanged since Tr(R I) = 0). Cost: O(N^6) for the dense LU of N^2 unknowns.
public struct RingDiffusion: Sendable {
    public let potentials: [Double]
    /// g_i, the noise strength on site i.
    public let strengths: [Double]
    public let hopping: Double
    /// The hopping across the bond N-1 -> 0 (`hopping` on a ring; 0 leaves the open chain).
    public let closingHopping: Double

    /// The ring of `chain`'s sites, closed by a bond of `chain.hopping` (or left open with
    /// `closed: false`, which is `ClosureGenerator`'s chain).
    public init(chain: Chain, closed: Bool = true) {
        precondition(chain.length >= 3, "a ring of three or more sites")
        potentials = chain.potentials
        strengths = chain.noiseStrengths
        hopping = chain.hopping
        closingHopping = closed ? chain.hopping : 0
    }

    public var length: Int { potentials.count }

    /// (h M)_xy for a column-major N x N matrix M (h: -hopping between neighbours, the
    /// closing bond included, potentials on the diagonal).
    func left(_ m: [Double]) -> [Double] {
        let n = length
        var y = [Double](repeating: 0, count: n * n)
        for c in 0..<n {
            for x in 0..<n {
                var v = potentials[x] * m[c * n + x]
                v -= (x > 0 ? hopping * m[c * n + x - 1] : closingHopping * m[c * n + n - 1])
                v -= (x + 1 < n ? hopping * m[c * n + x + 1] : closingHopping * m[c * n])
                y[c * n + x] = v
            }
        }
        return y
    }

    /// (M h)_xy = (h M^T)^T_xy for symmetric h.
    func right(_ m: [Double]) -> [Double] {
        let n = length
        var t = [Double](repeating: 0, count: n * n)
        for c in 0..<n { for x in 0..<n { t[x * n + c] = m[c * n + x] } }
        let ht = left(t)
        var y = [Double](repeating: 0, count: n * n)
        for c in 0..<n { for x in 0..<n { y[c * n + x] = ht[x * n + c] } }
        return y
    }

    /// L0 (S + i A) = S' + i A' (column-major N x N, S symmetric, A antisymmetric):
    /// S' = -(h A - A h) - Gamma o S, A' = (h S - S h) - Gamma o A,
    /// Gamma_xy = (g_x + g_y) / 2 off the diagonal, 0 on it.
    public func apply(
        symmetric s: [Double], antisymmetric a: [Double]
    ) -> (
        symmetric: [Double], antisymmetric: [Double]
    ) {
        let n = length
        let ha = left(a), ah = right(a), hs = left(s), sh = right(s)
        var s2 = [Double](repeating: 0, count: n * n), a2 = s2
        for y in 0..<n {
            for x in 0..<n {
                let k = y * n + x
                let rate = x == y ? 0 : (strengths[x] + strengths[y]) / 2
                s2[k] = -(ha[k] - ah[k]) - rate * s[k]
                a2[k] = (hs[k] - sh[k]) - rate * a[k]
            }
        }
        return (s2, a2)
    }

    /// R_xz = (x - z) h_xz: +hopping at (x, x + 1), -hopping at (x + 1, x), the closing bond
    /// with the displacement across it (+1 from N-1 to 0).
    public var current: [Double] {
        let n = length
        var r = [Double](repeating: 0, count: n * n)
        for x in 0..<(n - 1) {
            r[(x + 1) * n + x] = hopping
            r[x * n + x + 1] = -hopping
        }
        r[0 * n + n - 1] += closingHopping
        r[(n - 1) * n + 0] -= closingHopping
        return r
    }

    /// The unknowns: S_xy for x <= y, then A_xy for x < y (N^2 numbers).
    var unknowns: [(x: Int, y: Int, antisymmetric: Bool)] {
        let n = length
        var u: [(Int, Int, Bool)] = []
        for y in 0..<n { for x in 0...y { u.append((x, y, false)) } }
        for y in 0..<n { for x in 0..<y { u.append((x, y, true)) } }
        return u
    }

    /// D of the ring (width^2 = 2 D t), or nil when L0 has more than one steady state (no
    /// noisy site connects the ring).
    public func diffusionConstant() -> Double? {
        let n = length, u = unknowns
        var m = RealMatrix(rows: u.count, columns: u.count)
        let zero = [Double](repeating: 0, count: n * n)
        for (j, e) in u.enumerated() {
            var s = zero, a = zero
            if e.antisymmetric {
                a[e.y * n + e.x] = 1
                a[e.x * n + e.y] = -1
            } else {
                s[e.y * n + e.x] = 1
                s[e.x * n + e.y] = 1
            }
            let out = apply(symmetric: s, antisymmetric: a)
            for (i, f) in u.enumerated() {
                m[i, j] = (f.antisymmetric ? out.antisymmetric : out.symmetric)[f.y * n + f.x]
                if !f.antisymmetric && f.x == f.y && !e.antisymmetric && e.x == e.y {
                    m[i, j] += 1  // + Tr S on every diagonal equation
                }
            }
        }
        let r = current
        let b = u.map { $0.antisymmetric ? -r[$0.y * n + $0.x] : 0 }
        guard let solution = m.solve(b), solution.allSatisfy(\.isFinite) else { return nil }
        var d = 0.0
        for (value, e) in zip(solution, u) where e.antisymmetric {
            d += 2 * r[e.y * n + e.x] * value  // R_xy A_xy + R_yx A_yx
        }
        return d / Double(n)
    }
}

import Foundation
import ChainModel
import LinearAlgebra

/// The steps of `StepKernel` with S >= 2 noisy sites.
///
/// The kick of a step is K = I + sum_s k_s p_s p_s^T, k_s = e^{-i theta_s} - 1, exactly (the
/// p_s = V^T e_s are orthonormal, so the product of the commuting single-site kicks has no
/// cross terms). As for one site it is kept pending: the true orbital is
/// psi + sum_s q_s p_s with q_s = k_s (p_s^T psi). One pass over the column per step adds
/// the S pending terms and applies the phase (2 S multiply-adds per entry, the sum held in
/// registers in two partial sums), then the S dot products p_s^T psi are taken two sites at a
/// time over the column, which is still in L1: O(L S) per orbital and step, the whole sequence
/// of steps orbital by orbital as for one site.
extension StepKernel {
    package func evolveSites(_ state: inout SlaterState, thetas: [Double], strang: Bool) {
        let l = length, sites = self.sites, steps = thetas.count / sites
        // e^{-i theta} - 1
        let kickRe = thetas.map { cos($0) - 1 }, kickIm = thetas.map { -sin($0) }
        // q_s (re, im) pending, then the dot products d_s (re, im) of the last pass.
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 4 * sites)
        defer { scratch.deallocate() }
        let q = scratch, d = scratch + 2 * sites
        tables.withUnsafeBufferPointer { t in
            let p = t.baseAddress!, full = p + sites * rowStride, half = full + 2 * l,
                none = full + 4 * l
            state.re.withUnsafeMutableBufferPointer { re in
                state.im.withUnsafeMutableBufferPointer { im in
                    for n in 0..<state.orbitals {
                        let r = re.baseAddress! + n * l, i = im.baseAddress! + n * l
                        q.update(repeating: 0, count: 2 * sites)
                        for step in 0..<steps {
                            let phase = strang && step == 0 ? half : full
                            Self.sitesPass(
                                re: r, im: i, p: p, stride: rowStride, sites: sites, c: phase,
                                s: phase + l, length: l, q: q, dots: d)
                            for s in 0..<sites {
                                let kr = kickRe[step * sites + s], ki = kickIm[step * sites + s]
                                q[2 * s] = kr * d[2 * s] - ki * d[2 * s + 1]
                                q[2 * s + 1] = kr * d[2 * s + 1] + ki * d[2 * s]
                            }
                        }
                        let last = strang ? half : none
                        Self.sitesPass(
                            re: r, im: i, p: p, stride: rowStride, sites: sites, c: last,
                            s: last + l, length: l, q: q, dots: d)
                    }
                }
            }
        }
    }

    /// One pass over one orbital: psi += sum_s q_s p_s (the pending kicks; q interleaved re,
    /// im; p_s starts at p + s * ld), then psi_a *= c_a + i s_a; writes d_s = p_s^T psi
    /// (interleaved) for every site.
    @inline(__always)
    package static func sitesPass(
        re r: UnsafeMutablePointer<Double>, im i: UnsafeMutablePointer<Double>,
        p: UnsafePointer<Double>, stride ld: Int, sites: Int,
        c: UnsafePointer<Double>, s: UnsafePointer<Double>, length l: Int, q: UnsafePointer<Double>,
        dots: UnsafeMutablePointer<Double>
    ) {
        var a = 0
        while a + 8 <= l {
            // Two partial sums per part, even and odd sites, to halve the dependency chain.
            var u = Lanes.load(r + a), v = Lanes.load(i + a), u1 = Lanes(repeating: 0), v1 = u1
            var k = 0
            while k + 2 <= sites {
                let p0 = Lanes.load(p + k * ld + a), p1 = Lanes.load(p + (k + 1) * ld + a)
                u = Lanes.madd(Lanes(repeating: q[2 * k]), p0, u)
                v = Lanes.madd(Lanes(repeating: q[2 * k + 1]), p0, v)
                u1 = Lanes.madd(Lanes(repeating: q[2 * k + 2]), p1, u1)
                v1 = Lanes.madd(Lanes(repeating: q[2 * k + 3]), p1, v1)
                k += 2
            }
            if k < sites {
                let pp = Lanes.load(p + k * ld + a)
                u = Lanes.madd(Lanes(repeating: q[2 * k]), pp, u)
                v = Lanes.madd(Lanes(repeating: q[2 * k + 1]), pp, v)
            }
            u += u1
            v += v1
            let cc = Lanes.load(c + a), ss = Lanes.load(s + a)
            Lanes.store(Lanes.madd(-ss, v, cc * u), r + a)
            Lanes.store(Lanes.madd(ss, u, cc * v), i + a)
            a += 8
        }
        while a < l {
            var u = r[a], v = i[a]
            for k in 0..<sites {
                u += q[2 * k] * p[k * ld + a]
                v += q[2 * k + 1] * p[k * ld + a]
            }
            r[a] = c[a] * u - s[a] * v
            i[a] = c[a] * v + s[a] * u
            a += 1
        }
        var k = 0
        while k + 2 <= sites {
            dotPair(p + k * ld, p + (k + 1) * ld, re: r, im: i, length: l, into: dots + 2 * k)
            k += 2
        }
        if k < sites {
            let (dr, di) = dot(p + k * ld, re: r, im: i, length: l)
            dots[2 * k] = dr
            dots[2 * k + 1] = di
        }
    }

    /// p^T psi and p'^T psi (interleaved re, im into `out`) in one sweep over psi.
    @inline(__always)
    package static func dotPair(
        _ p: UnsafePointer<Double>, _ q: UnsafePointer<Double>, re r: UnsafePointer<Double>,
        im i: UnsafePointer<Double>, length l: Int,
        into out: UnsafeMutablePointer<Double>
    ) {
        var pr = Lanes(repeating: 0), pi = pr, qr = pr, qi = pr
        var a = 0
        while a + 8 <= l {
            let x = Lanes.load(r + a), y = Lanes.load(i + a)
            let pp = Lanes.load(p + a), qq = Lanes.load(q + a)
            pr = Lanes.madd(pp, x, pr)
            pi = Lanes.madd(pp, y, pi)
            qr = Lanes.madd(qq, x, qr)
            qi = Lanes.madd(qq, y, qi)
            a += 8
        }
        var sums = (pr.sum(), pi.sum(), qr.sum(), qi.sum())
        while a < l {
            sums.0 += p[a] * r[a]
            sums.1 += p[a] * i[a]
            sums.2 += q[a] * r[a]
            sums.3 += q[a] * i[a]
            a += 1
        }
        (out[0], out[1], out[2], out[3]) = sums
    }

    /// p^T psi (re, im) in two sets of lanes (even and odd blocks of eight).
    @inline(__always)
    package static func dot(
        _ p: UnsafePointer<Double>, re r: UnsafePointer<Double>, im i: UnsafePointer<Double>,
        length l: Int
    ) -> (Double, Double) {
        var er = Lanes(repeating: 0), ei = er, or = er, oi = er
        var a = 0
        while a + 16 <= l {
            let p0 = Lanes.load(p + a), p1 = Lanes.load(p + a + 8)
            er = Lanes.madd(p0, Lanes.load(r + a), er)
            ei = Lanes.madd(p0, Lanes.load(i + a), ei)
            or = Lanes.madd(p1, Lanes.load(r + a + 8), or)
            oi = Lanes.madd(p1, Lanes.load(i + a + 8), oi)
            a += 16
        }
        if a + 8 <= l {
            let p0 = Lanes.load(p + a)
            er = Lanes.madd(p0, Lanes.load(r + a), er)
            ei = Lanes.madd(p0, Lanes.load(i + a), ei)
            a += 8
        }
        var sr = (er + or).sum(), si = (ei + oi).sum()
        while a < l {
            sr += p[a] * r[a]
            si += p[a] * i[a]
            a += 1
        }
        return (sr, si)
    }
}

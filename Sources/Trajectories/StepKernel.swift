import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra

/// The eigenbasis steps of one trajectory (paper eqs. 8, 10 split into their two factors): a
/// diagonal phase D(tau) = exp(-i Lambda tau) and the noise kick
/// K(theta) = exp(-i theta P) = I + (e^{-i theta} - 1) p p^T (p = V^T e_k), a rank-one update:
/// O(L N) per step, never a dense exp(-i h dt) in the time loop. With S noisy sites the kick
/// is K = I + sum_s (e^{-i theta_s} - 1) p_s p_s^T (the p_s are orthonormal, so the product
/// of the commuting single-site kicks is this sum): O(L N S) per step (`evolveSites`).
///
/// All orbitals feel the same kicks, so `evolve` runs the whole sequence of steps orbital by
/// orbital: one column (and the tables c, s, p) stays in L1 for the entire sequence instead
/// of the L x N state streaming through the cache once per step. Each step is a single pass
/// over the column: the kick of the previous step is kept pending as a scalar q (true
/// psi = stored psi + q p), and one pass applies it, multiplies by the phase and accumulates
/// the dot product s = p^T psi that gives the next q = (e^{-i theta} - 1) s. Split real and
/// imaginary storage and explicit eight-lane SIMD (the dot product in lanes, summed once).
public struct StepKernel: Sendable {
    public let length: Int
    /// Number of noisy sites S.
    public let sites: Int
    // Why the odd number of lines: the several-site pass reads all p_s at the same offset, and
    // rows a multiple of 4 KiB apart fall into one L1 set and evict each other. Without the
    // padding (noise every 8 sites, one orbital) L = 512 and 1024 took 2.4x the CPU time per
    // site of L = 496 and 1000 (Performance article, "Trajectory step: padded rows").
    /// Distance between consecutive p_s in `tables`: L rounded up to whole 64-byte lines, and
    /// to an odd number of them, so that rows never lie a multiple of 4 KiB apart.
    package let rowStride: Int
    /// p_1, ..., p_S (each padded with zeros to `rowStride`), then cos and -sin of lambda tau
    /// for tau = dt, dt/2 and 0, each of length L.
    package let tables: [Double]

    public init(spectrum: Spectrum, dt: Double) {
        length = spectrum.count
        sites = spectrum.noiseAmplitudes.count
        let lines = (length + 7) / 8
        rowStride = 8 * (lines % 2 == 1 ? lines : lines + 1)
        let e = spectrum.energies, padding = [Double](repeating: 0, count: rowStride - length)
        tables =
            spectrum.noiseAmplitudes.flatMap { $0 + padding } + e.map { cos($0 * dt) }
            + e.map { -sin($0 * dt) }
            + e.map { cos($0 * dt / 2) } + e.map { -sin($0 * dt / 2) }
            + [Double](repeating: 1, count: length) + [Double](repeating: 0, count: length)
    }

    /// Applies one step per S kick angles to every orbital: thetas[S n + s] is the angle of
    /// noisy site s in step n, step 0 first.
    public func evolve(_ state: inout SlaterState, thetas: [Double], splitting: Splitting) {
        precondition(thetas.count % sites == 0, "one angle per noisy site and step")
        guard !thetas.isEmpty else { return }
        let l = length, strang = splitting == .strang
        if sites > 1 { return evolveSites(&state, thetas: thetas, strang: strang) }
        // e^{-i theta} - 1
        let kickRe = thetas.map { cos($0) - 1 }, kickIm = thetas.map { -sin($0) }
        tables.withUnsafeBufferPointer { t in
            let p = t.baseAddress!, full = p + rowStride, half = full + 2 * l, none = full + 4 * l
            state.re.withUnsafeMutableBufferPointer { re in
                state.im.withUnsafeMutableBufferPointer { im in
                    for n in 0..<state.orbitals {
                        let r = re.baseAddress! + n * l, i = im.baseAddress! + n * l
                        var qr = 0.0, qi = 0.0
                        for step in 0..<thetas.count {
                            let phase = strang && step == 0 ? half : full
                            let (sr, si) = Self.pass(
                                re: r, im: i, p: p, c: phase, s: phase + l, length: l, qr: qr,
                                qi: qi)
                            qr = kickRe[step] * sr - kickIm[step] * si
                            qi = kickRe[step] * si + kickIm[step] * sr
                        }
                        let last = strang ? half : none
                        _ = Self.pass(
                            re: r, im: i, p: p, c: last, s: last + l, length: l, qr: qr, qi: qi)
                    }
                }
            }
        }
    }

    /// One pass over one orbital: psi += q p (the pending kick), then psi_a *= c_a + i s_a;
    /// returns p^T psi. Explicit multiply-adds (`Lanes.madd`); the dot product in two sets of lanes
    /// (even and odd blocks of eight) to halve its dependency chain.
    @inline(__always)
    package static func pass(
        re r: UnsafeMutablePointer<Double>, im i: UnsafeMutablePointer<Double>,
        p: UnsafePointer<Double>,
        c: UnsafePointer<Double>, s: UnsafePointer<Double>, length l: Int, qr: Double, qi: Double
    ) -> (Double, Double) {
        @inline(__always)
        func block(_ a: Int, _ dr: inout Lanes, _ di: inout Lanes) {
            let pp = Lanes.load(p + a), cc = Lanes.load(c + a), ss = Lanes.load(s + a)
            let u = Lanes.madd(vr, pp, Lanes.load(r + a)), v = Lanes.madd(vi, pp, Lanes.load(i + a))
            let x = Lanes.madd(-ss, v, cc * u), y = Lanes.madd(ss, u, cc * v)
            Lanes.store(x, r + a)
            Lanes.store(y, i + a)
            dr = Lanes.madd(pp, x, dr)
            di = Lanes.madd(pp, y, di)
        }
        let vr = Lanes(repeating: qr), vi = Lanes(repeating: qi)
        var er = Lanes(repeating: 0), ei = er, or = er, oi = er
        var a = 0
        while a + 16 <= l {
            block(a, &er, &ei)
            block(a + 8, &or, &oi)
            a += 16
        }
        if a + 8 <= l {
            block(a, &er, &ei)
            a += 8
        }
        var sr = (er + or).sum(), si = (ei + oi).sum()
        while a < l {
            let u = r[a] + qr * p[a], v = i[a] + qi * p[a]
            r[a] = c[a] * u - s[a] * v
            i[a] = c[a] * v + s[a] * u
            sr += p[a] * r[a]
            si += p[a] * i[a]
            a += 1
        }
        return (sr, si)
    }
}

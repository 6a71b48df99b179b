import Foundation

/// The eigenbasis step of one trajectory: a diagonal phase exp(-i lambda_a tau) and the noise
/// kick exp(-i theta P) = I + (e^{-i theta} - 1) p p^T (p = V^T e_k) as a rank-one update:
/// O(L N) per step, never a dense exp(-i h dt) in the time loop.
///
/// `phaseAndKick` fuses both in two passes over each orbital (phase multiply with the dot
/// product s = p^T psi, then psi += (e^{-i theta} - 1) s p); the column stays in L1 between
/// the passes. Split real/imaginary storage and explicit eight-lane SIMD (the dot product in
/// lanes, summed once) let it run near the memory bandwidth of L1.
public struct StepKernel: Sendable {
    public let length: Int
    let p: [Double]
    let fullCos: [Double], fullSin: [Double]
    let halfCos: [Double], halfSin: [Double]

    public init(spectrum: Spectrum, dt: Double) {
        length = spectrum.count
        p = spectrum.noiseAmplitudes
        fullCos = spectrum.energies.map { cos($0 * dt) }
        fullSin = spectrum.energies.map { -sin($0 * dt) }
        halfCos = spectrum.energies.map { cos($0 * dt / 2) }
        halfSin = spectrum.energies.map { -sin($0 * dt / 2) }
    }

    /// psi_a *= exp(-i lambda_a tau) (tau = dt, or dt/2 with `half`) for every orbital.
    public func phase(_ state: inout SlaterState, half: Bool) {
        let l = length
        let c = half ? halfCos : fullCos, s = half ? halfSin : fullSin
        state.re.withUnsafeMutableBufferPointer { re in
            state.im.withUnsafeMutableBufferPointer { im in
                for n in 0..<state.orbitals {
                    let r = re.baseAddress! + n * l, i = im.baseAddress! + n * l
                    for a in 0..<l {
                        let x = r[a], y = i[a]
                        r[a] = c[a] * x - s[a] * y
                        i[a] = c[a] * y + s[a] * x
                    }
                }
            }
        }
    }

    /// psi -> exp(-i theta P) psi for every orbital.
    public func kick(_ state: inout SlaterState, theta: Double) {
        fused(&state, theta: theta, applyPhase: false, half: false)
    }

    /// psi -> exp(-i theta P) exp(-i h tau) psi for every orbital, tau = dt or dt/2.
    public func phaseAndKick(_ state: inout SlaterState, theta: Double, half: Bool = false) {
        fused(&state, theta: theta, applyPhase: true, half: half)
    }

    private func fused(_ state: inout SlaterState, theta: Double, applyPhase: Bool, half: Bool) {
        let l = length
        let fr = cos(theta) - 1, fi = -sin(theta)  // e^{-i theta} - 1
        let c = half ? halfCos : fullCos, s = half ? halfSin : fullSin
        p.withUnsafeBufferPointer { pp in
            c.withUnsafeBufferPointer { cp in
                s.withUnsafeBufferPointer { sp in
                    state.re.withUnsafeMutableBufferPointer { re in
                        state.im.withUnsafeMutableBufferPointer { im in
                            for n in 0..<state.orbitals {
                                Self.column(
                                    re: re.baseAddress! + n * l, im: im.baseAddress! + n * l, p: pp.baseAddress!,
                                    c: cp.baseAddress!, s: sp.baseAddress!, length: l, fr: fr, fi: fi, applyPhase: applyPhase)
                            }
                        }
                    }
                }
            }
        }
    }

    typealias Lanes = SIMD8<Double>

    @inline(__always)
    static func load(_ x: UnsafePointer<Double>) -> Lanes { UnsafeRawPointer(x).loadUnaligned(as: Lanes.self) }

    @inline(__always)
    static func store(_ v: Lanes, _ x: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(x).storeBytes(of: v, as: Lanes.self) }

    /// One orbital: (phase and) dot product s = p^T psi in eight lanes, then psi += u s p with
    /// u = e^{-i theta} - 1. The column stays in L1 between the two passes.
    @inline(__always)
    static func column(
        re r: UnsafeMutablePointer<Double>, im i: UnsafeMutablePointer<Double>, p: UnsafePointer<Double>,
        c: UnsafePointer<Double>, s: UnsafePointer<Double>, length l: Int, fr: Double, fi: Double, applyPhase: Bool
    ) {
        let vectorEnd = l & ~7
        var dr = Lanes(repeating: 0), di = Lanes(repeating: 0)
        var a = 0
        if applyPhase {
            while a < vectorEnd {
                let x = load(r + a), y = load(i + a), cc = load(c + a), ss = load(s + a), pp = load(p + a)
                let nx = cc * x - ss * y, ny = cc * y + ss * x
                store(nx, r + a)
                store(ny, i + a)
                dr += pp * nx
                di += pp * ny
                a += 8
            }
        } else {
            while a < vectorEnd {
                let pp = load(p + a)
                dr += pp * load(r + a)
                di += pp * load(i + a)
                a += 8
            }
        }
        var sr = dr.sum(), si = di.sum()
        while a < l {
            if applyPhase {
                let x = r[a], y = i[a]
                r[a] = c[a] * x - s[a] * y
                i[a] = c[a] * y + s[a] * x
            }
            sr += p[a] * r[a]
            si += p[a] * i[a]
            a += 1
        }
        let ur = fr * sr - fi * si, ui = fr * si + fi * sr
        let vr = Lanes(repeating: ur), vi = Lanes(repeating: ui)
        a = 0
        while a < vectorEnd {
            let pp = load(p + a)
            store(load(r + a) + vr * pp, r + a)
            store(load(i + a) + vi * pp, i + a)
            a += 8
        }
        while a < l {
            r[a] += ur * p[a]
            i[a] += ui * p[a]
            a += 1
        }
    }
}

import Foundation

/// The eigenbasis step of one trajectory: a diagonal phase exp(-i lambda_a tau) and the noise
/// kick exp(-i theta P) = I + (e^{-i theta} - 1) p p^T (p = V^T e_k) as a rank-one update:
/// O(L N) per step, never a dense exp(-i h dt) in the time loop.
///
/// `phaseAndKick` fuses both in two passes over each orbital (phase multiply with the dot
/// product s = p^T psi, then psi += (e^{-i theta} - 1) s p); the column stays in L1 between
/// the passes. Four partial sums let the compiler vectorise the dot product.
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
                            let p = pp.baseAddress!, c = cp.baseAddress!, s = sp.baseAddress!
                            for n in 0..<state.orbitals {
                                let r = re.baseAddress! + n * l, i = im.baseAddress! + n * l
                                var dr0 = 0.0, dr1 = 0.0, dr2 = 0.0, dr3 = 0.0
                                var di0 = 0.0, di1 = 0.0, di2 = 0.0, di3 = 0.0
                                var a = 0
                                if applyPhase {
                                    while a + 4 <= l {
                                        for u in 0..<4 {
                                            let x = r[a + u], y = i[a + u]
                                            let nx = c[a + u] * x - s[a + u] * y
                                            let ny = c[a + u] * y + s[a + u] * x
                                            r[a + u] = nx
                                            i[a + u] = ny
                                            switch u {
                                            case 0: dr0 += p[a] * nx; di0 += p[a] * ny
                                            case 1: dr1 += p[a + 1] * nx; di1 += p[a + 1] * ny
                                            case 2: dr2 += p[a + 2] * nx; di2 += p[a + 2] * ny
                                            default: dr3 += p[a + 3] * nx; di3 += p[a + 3] * ny
                                            }
                                        }
                                        a += 4
                                    }
                                    while a < l {
                                        let x = r[a], y = i[a]
                                        let nx = c[a] * x - s[a] * y, ny = c[a] * y + s[a] * x
                                        r[a] = nx
                                        i[a] = ny
                                        dr0 += p[a] * nx
                                        di0 += p[a] * ny
                                        a += 1
                                    }
                                } else {
                                    while a + 4 <= l {
                                        dr0 += p[a] * r[a]; di0 += p[a] * i[a]
                                        dr1 += p[a + 1] * r[a + 1]; di1 += p[a + 1] * i[a + 1]
                                        dr2 += p[a + 2] * r[a + 2]; di2 += p[a + 2] * i[a + 2]
                                        dr3 += p[a + 3] * r[a + 3]; di3 += p[a + 3] * i[a + 3]
                                        a += 4
                                    }
                                    while a < l {
                                        dr0 += p[a] * r[a]
                                        di0 += p[a] * i[a]
                                        a += 1
                                    }
                                }
                                let dr = (dr0 + dr1) + (dr2 + dr3), di = (di0 + di1) + (di2 + di3)
                                // (e^{-i theta} - 1) s
                                let ur = fr * dr - fi * di, ui = fr * di + fi * dr
                                for a in 0..<l {
                                    r[a] += ur * p[a]
                                    i[a] += ui * p[a]
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra
import Propagation

/// The EXACT noise average of the discrete unraveling schemes (paper eqs. 5, 8, 10;
/// the Physics article, "Exact noise averages") at step dt, propagated in the eigenbasis of h:
/// X = V^T rho_s V, h = V diag(lambda) V^T.
///
/// Convention. A trajectory maps every orbital phi -> U phi. Since
/// rho_s[i][j] = Tr(rho c_i^dag c_j) = sum_n conj(phi_n(i)) phi_n(j), i.e. rho_s = conj(Phi) Phi^T
/// (the transpose G = rho_s^T goes to U G U^dag), rho_s maps to conj(U) rho_s U^T. Hence:
/// - free step U = exp(-i h tau): rho_s -> e^{+i h tau} rho_s e^{-i h tau}, i.e. in the
///   eigenbasis X_ab -> e^{i (lambda_a - lambda_b) tau} X_ab ("phase", Ph_tau; the discrete
///   form of the +i[h, rho_s] term);
/// - kick U = exp(-i sum_s theta_s P_s), P_s = |s><s|, independent theta_s ~ N(0, gamma_s dt)
///   for the noisy sites s. The single-site kicks commute, and each averages to its own
///   channel: rho_s -> e^{i theta P} rho_s e^{-i theta P} multiplies the entries with exactly
///   one index equal to s by e^{+-i theta}, whose average is e^{-gamma_s dt/2}:
///       Phi_s(X) = X - (1 - e^{-gamma_s dt/2}) (P_s X + X P_s - 2 P_s X P_s),
///   in the eigenbasis P_s = p_s p_s^T with p_s = V^T e_s: a rank-two update, O(L^2). The
///   averaged kick is Phi = Phi_1 o ... o Phi_S (in any order), which multiplies X_ij (site
///   basis) by exp(-Gamma_ij dt), Gamma_ij = (g_i + g_j)/2 for i != j: the exact solution of the
///   dephasing part of the closed equation over dt.
/// The kicks of different steps are independent, so the average of a product of steps is the
/// product of the averaged steps:
/// - Lie, U = exp(-i theta P) exp(-i h dt):  X -> Phi(Ph_dt(X));
/// - Strang, U = exp(-i h dt/2) exp(-i theta P) exp(-i h dt/2):  X -> Ph_{dt/2}(Phi(Ph_{dt/2}(X))).
/// The paper's own scheme U = exp(-i h dt - i theta P) has no such closed-form average (theta
/// enters a non-commuting exponent), so it is not offered here; the trajectories solver runs it.
///
/// Cost: one fused O(L^2) pass per noisy site and step over X (one channel Phi_s, the phase
/// with the last one, and the vectors X p, p^T X of the next channel's rank-two update), so
/// O(S L^2) per step for S noisy sites; consecutive Strang half phases are merged. No dense
/// L x L product in the time loop.
public struct SchemeAverage: Sendable {
    public let scheme: Splitting
    public let dt: Double
    /// gamma_s of each noisy site, in the order of `noiseAmplitudes`.
    public let gammas: [Double]
    /// Eigenvalues lambda_a of h.
    public let energies: [Double]
    /// p_s = V^T e_s of each noisy site.
    public let noiseAmplitudes: [[Double]]

    public init(spectrum: Spectrum, scheme: Splitting, dt: Double, gammas: [Double]) {
        precondition(
            dt > 0 && gammas.allSatisfy { $0 >= 0 }
                && gammas.count == spectrum.noiseAmplitudes.count && !gammas.isEmpty)
        self.scheme = scheme
        self.dt = dt
        self.gammas = gammas
        energies = spectrum.energies
        noiseAmplitudes = spectrum.noiseAmplitudes
    }

    /// 1 - e^{-gamma_s dt/2} of each channel Phi_s.
    package var fractions: [Double] { gammas.map { 1 - exp(-$0 * dt / 2) } }

    /// Advances the eigenbasis matrix X by `steps` averaged steps of the scheme.
    public func advance(_ x: inout ComplexMatrix, steps: Int) {
        precondition(steps >= 0 && x.rows == energies.count && x.columns == energies.count)
        guard steps > 0 else { return }
        let pass = FusedPass(energies: energies, p: noiseAmplitudes, x: x)
        let fractions = self.fractions
        switch scheme {
        case .lie:
            // Phi o (Ph_dt o Phi)^(n-1) o Ph_dt
            pass.run(&x, dephasing: 0, phaseTime: dt)
            for _ in 1..<steps { pass.kick(&x, fractions: fractions, phaseTime: dt) }
            pass.kick(&x, fractions: fractions, phaseTime: 0)
        case .strang:
            // Ph_{dt/2} o Phi o (Ph_dt o Phi)^(n-1) o Ph_{dt/2}
            pass.run(&x, dephasing: 0, phaseTime: dt / 2)
            for _ in 1..<steps { pass.kick(&x, fractions: fractions, phaseTime: dt) }
            pass.kick(&x, fractions: fractions, phaseTime: dt / 2)
        }
    }

    /// The averaged kick alone, Phi(X) (for tests and for composing other schemes).
    public func dephase(_ x: inout ComplexMatrix) {
        let pass = FusedPass(energies: energies, p: noiseAmplitudes, x: x)
        pass.kick(&x, fractions: fractions, phaseTime: 0)
    }

    /// The free step alone, Ph_tau(X): X_ab -> e^{i (lambda_a - lambda_b) tau} X_ab.
    public func phase(_ x: inout ComplexMatrix, time tau: Double) {
        let pass = FusedPass(energies: energies, p: noiseAmplitudes, x: x)
        pass.run(&x, dephasing: 0, phaseTime: tau)
    }
}

/// One pass X -> Ph_tau(Phi_f(X)), Phi_f(X) = X - f (P X + X P - 2 P X P), P = p p^T for the
/// current channel's p = p_c, that also accumulates r = X p', q = p'^T X and s = p'^T X p' of
/// its OUTPUT for the next channel's p' = p_next, which the next pass's rank-two update
/// needs: so each pass reads and writes X once.
///
/// With q_b = (p^T X)_b, r_a = (X p)_a, s = p^T X p:
///     Phi_f(X)_ab = X_ab - p_a [f (q_b - 2 s p_b)] - r_a [f p_b].
/// The buffers are allocated once per `advance` call (O(S L)).
package final class FusedPass {
    package let l: Int
    package let energies: [Double]
    /// The channels' p_s, one after another (S x L).
    private let amplitudes: UnsafeMutablePointer<Double>
    private let sites: Int
    /// The channel whose r, q, s are held, and its p.
    private var current = 0
    private var p: UnsafeMutablePointer<Double>
    /// r = X p, q = p^T X of the current X (re, im) and their successors being accumulated.
    private var r: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)
    private var q: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)
    private var nextR: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)
    private var nextQ: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)
    private var s = (0.0, 0.0)
    /// cos and sin of lambda_a tau, one table per tau used (at most three: dt, dt/2, 0).
    private var phases:
        [(tau: Double, cosine: UnsafeMutablePointer<Double>, sine: UnsafeMutablePointer<Double>)] =
            []
    private let buffer: UnsafeMutablePointer<Double>

    package init(energies: [Double], p channels: [[Double]], x: ComplexMatrix) {
        l = energies.count
        self.energies = energies
        sites = channels.count
        buffer = .allocate(capacity: (8 + sites) * l)
        buffer.initialize(repeating: 0, count: (8 + sites) * l)
        r = (buffer, buffer + l)
        q = (buffer + 2 * l, buffer + 3 * l)
        nextR = (buffer + 4 * l, buffer + 5 * l)
        nextQ = (buffer + 6 * l, buffer + 7 * l)
        amplitudes = buffer + 8 * l
        for (s, amplitude) in channels.enumerated() {
            for a in 0..<l { amplitudes[s * l + a] = amplitude[a] }
        }
        p = amplitudes
        // r, q, s of the initial X for the first channel.
        for b in 0..<l {
            var qr = 0.0, qi = 0.0
            for a in 0..<l {
                let n = b * l + a
                r.0[a] += x.re[n] * p[b]
                r.1[a] += x.im[n] * p[b]
                qr += p[a] * x.re[n]
                qi += p[a] * x.im[n]
            }
            q.0[b] = qr
            q.1[b] = qi
        }
        updateS()
    }

    deinit {
        buffer.deallocate()
        for table in phases { table.cosine.deallocate() }
    }

    private func updateS() {
        var sr = 0.0, si = 0.0
        for a in 0..<l {
            sr += p[a] * r.0[a]
            si += p[a] * r.1[a]
        }
        s = (sr, si)
    }

    /// The cos and sin tables of tau (computed on first use).
    private func phase(_ t: Double) -> (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)
    {
        if let table = phases.first(where: { $0.tau == t }) { return (table.cosine, table.sine) }
        let c = UnsafeMutablePointer<Double>.allocate(capacity: 2 * l)
        for a in 0..<l {
            c[a] = cos(energies[a] * t)
            c[l + a] = sin(energies[a] * t)
        }
        phases.append((t, c, c + l))
        return (c, c + l)
    }

    /// The averaged kick Phi = Phi_S o ... o Phi_1, one pass per channel (f_s = `fractions[s]`),
    /// the phase Ph_{phaseTime} applied with the last; leaves the first channel's r, q, s.
    package func kick(_ x: inout ComplexMatrix, fractions: [Double], phaseTime: Double) {
        for s in 0..<sites {
            run(
                &x, dephasing: fractions[s], phaseTime: s == sites - 1 ? phaseTime : 0,
                next: (s + 1) % sites)
        }
    }

    /// X -> Ph_{phaseTime}(Phi_f(X)) for the current channel with f = `dephasing` (0: no kick;
    /// phaseTime 0: no phase); accumulates r, q, s of the output for channel `next` (default:
    /// the current one). The row loop runs four rows at a time in SIMD lanes (the q reduction
    /// included), then a scalar tail.
    package func run(
        _ x: inout ComplexMatrix, dephasing f: Double, phaseTime: Double, next: Int? = nil
    ) {
        let (ca, sa) = phase(phaseTime)
        let pn = amplitudes + (next ?? current) * l
        let l = self.l, p = self.p
        let (rr, ri) = r, (nr, ni) = nextR, (qr, qi) = q, (nqr, nqi) = nextQ
        let (sr, si) = s
        nr.update(repeating: 0, count: l)
        ni.update(repeating: 0, count: l)
        let body = l & ~3
        x.re.withUnsafeMutableBufferPointer { xre in
            x.im.withUnsafeMutableBufferPointer { xim in
                for b in 0..<l {
                    let pb = p[b], pnb = pn[b]
                    let alphaRe = f * (qr[b] - 2 * sr * pb)
                    let alphaIm = f * (qi[b] - 2 * si * pb)
                    let beta = f * pb
                    let cb = ca[b], sb = sa[b]
                    let xr = xre.baseAddress! + b * l, xi = xim.baseAddress! + b * l
                    var vAccRe = Lanes4(), vAccIm = Lanes4()
                    var a = 0
                    while a < body {
                        let pa = Lanes4.load(p + a), ra = Lanes4.load(rr + a)
                        let ia = Lanes4.load(ri + a), pna = Lanes4.load(pn + a)
                        let ur = Lanes4.load(xr + a) - pa * alphaRe - ra * beta
                        let ui = Lanes4.load(xi + a) - pa * alphaIm - ia * beta
                        let c = Lanes4.load(ca + a), s = Lanes4.load(sa + a)
                        let wr = c * cb + s * sb
                        let wi = s * cb - c * sb
                        let vr = ur * wr - ui * wi
                        let vi = ur * wi + ui * wr
                        Lanes4.store(vr, xr + a)
                        Lanes4.store(vi, xi + a)
                        Lanes4.store(Lanes4.load(nr + a) + vr * pnb, nr + a)
                        Lanes4.store(Lanes4.load(ni + a) + vi * pnb, ni + a)
                        vAccRe += pna * vr
                        vAccIm += pna * vi
                        a += 4
                    }
                    var accRe = vAccRe.sum(), accIm = vAccIm.sum()
                    while a < l {
                        let ur = xr[a] - p[a] * alphaRe - rr[a] * beta
                        let ui = xi[a] - p[a] * alphaIm - ri[a] * beta
                        let wr = ca[a] * cb + sa[a] * sb
                        let wi = sa[a] * cb - ca[a] * sb
                        let vr = ur * wr - ui * wi
                        let vi = ur * wi + ui * wr
                        xr[a] = vr
                        xi[a] = vi
                        nr[a] += vr * pnb
                        ni[a] += vi * pnb
                        accRe += pn[a] * vr
                        accIm += pn[a] * vi
                        a += 1
                    }
                    nqr[b] = accRe
                    nqi[b] = accIm
                }
            }
        }
        swap(&r, &nextR)
        swap(&q, &nextQ)
        current = next ?? current
        self.p = amplitudes + current * l
        updateS()
    }
}

import Foundation

/// The exact noise average of one step of the unraveling schemes (paper eqs. 5, 8, 10;
/// PHYSICS.md), propagated in the eigenbasis of h, X = V^T rho_s V.
///
/// A trajectory maps orbitals phi -> U phi, so rho_s = conj(Phi) Phi^T maps to
/// conj(U) rho_s U^T. For U = exp(-i h dt) this is X_ab -> e^{i (lambda_a - lambda_b) dt} X_ab;
/// for the kick U = exp(-i theta P), theta ~ N(0, gamma dt), the average of
/// e^{i theta P} rho_s e^{-i theta P} multiplies the entries with exactly one index equal to k
/// by c = e^{-gamma dt / 2}: the dephasing channel
///     Phi(X) = X - (1 - c) (P X + X P - 2 P X P),  P = p p^T,  p = V^T e_k,
/// which is a rank-two update, O(L^2). Lie: X -> Phi(D X D^dag); Strang: half phase, Phi, half
/// phase (consecutive half phases are merged). The paper's scheme exp(-i h dt - i theta P)
/// has no such closed-form average and is only available as trajectories.
public struct SchemeAverage {
    public enum Scheme: String, Sendable, CaseIterable {
        case lie, strang
    }

    public let spectrum: Spectrum
    public let scheme: Scheme
    public let dt: Double
    public let gamma: Double
    private let full: (cos: [Double], sin: [Double])
    private let half: (cos: [Double], sin: [Double])

    public init(spectrum: Spectrum, scheme: Scheme, dt: Double, gamma: Double) {
        self.spectrum = spectrum
        self.scheme = scheme
        self.dt = dt
        self.gamma = gamma
        full = (spectrum.energies.map { cos($0 * dt) }, spectrum.energies.map { sin($0 * dt) })
        half = (spectrum.energies.map { cos($0 * dt / 2) }, spectrum.energies.map { sin($0 * dt / 2) })
    }

    /// Multiplies X_ab by e^{i (lambda_a - lambda_b) tau}, tau = dt or dt / 2.
    func phase(_ x: inout ComplexMatrix, halfStep: Bool) {
        let l = spectrum.count
        let (c, s) = halfStep ? half : full
        for b in 0..<l {
            for a in 0..<l {
                // e^{i lambda_a tau} e^{-i lambda_b tau}
                let pr = c[a] * c[b] + s[a] * s[b], pi = s[a] * c[b] - c[a] * s[b]
                let n = b * l + a
                let xr = x.re[n], xi = x.im[n]
                x.re[n] = pr * xr - pi * xi
                x.im[n] = pr * xi + pi * xr
            }
        }
    }

    /// The averaged kick (dephasing channel) Phi(X).
    public func dephase(_ x: inout ComplexMatrix) {
        let l = spectrum.count, p = spectrum.noiseAmplitudes
        let f = 1 - exp(-gamma * dt / 2)
        var qr = [Double](repeating: 0, count: l), qi = qr, rr = qr, ri = qr
        var sr = 0.0, si = 0.0
        for b in 0..<l {
            for a in 0..<l {
                let n = b * l + a
                qr[b] += p[a] * x.re[n]  // q = p^T X
                qi[b] += p[a] * x.im[n]
                rr[a] += x.re[n] * p[b]  // r = X p
                ri[a] += x.im[n] * p[b]
            }
        }
        for a in 0..<l {
            sr += p[a] * rr[a]
            si += p[a] * ri[a]
        }
        for b in 0..<l {
            for a in 0..<l {
                let n = b * l + a
                x.re[n] -= f * (p[a] * qr[b] + rr[a] * p[b] - 2 * sr * p[a] * p[b])
                x.im[n] -= f * (p[a] * qi[b] + ri[a] * p[b] - 2 * si * p[a] * p[b])
            }
        }
    }

    /// Advances X by `steps` averaged steps.
    public func advance(_ x: inout ComplexMatrix, steps: Int) {
        guard steps > 0 else { return }
        switch scheme {
        case .lie:
            for _ in 0..<steps {
                phase(&x, halfStep: false)
                dephase(&x)
            }
        case .strang:
            phase(&x, halfStep: true)
            for n in 0..<steps {
                dephase(&x)
                phase(&x, halfStep: n + 1 == steps)
            }
        }
    }
}

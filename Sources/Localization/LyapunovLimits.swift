import Foundation
import ChainModel
import LinearAlgebra

/// Closed forms of the Lyapunov exponent lambda(W, E) of the Anderson chain h[i][i+1] = -J,
/// h[i][i] = w_i uniform in [-W, W] (box width 2W, variance sigma^2 = W^2 / 3), in the limits
/// where it is known; xi = 1 / lambda. They depend on W / J and E / J only.
public enum LyapunovLimits {
    /// Variance of the potential, sigma^2 = W^2 / 3.
    public static func variance(disorder w: Double) -> Double { w * w / 3 }

    /// Weak disorder inside the band, away from its centre and edges (second-order
    /// perturbation theory; D. J. Thouless, in *Ill-Condensed Matter*, Les Houches 1978,
    /// North-Holland 1979): with E = 2J cos k,
    ///
    ///     lambda = sigma^2 / (8 J^2 sin^2 k) = sigma^2 / (2 (4 J^2 - E^2)),
    ///
    /// i.e. xi = 6 (4J^2 - E^2) / W^2 here (the familiar 96 (1 - E^2/4) / W_box^2 for box width
    /// W_box = 2W and J = 1). Corrections are relative O(sigma^2 / (J^2 sin^2 k)); it fails within
    /// |E| ~ sigma^2 / J of the centre (below) and within sigma^(2/3) of the edges, where
    /// lambda ~ sigma^(2/3) (B. Derrida and E. Gardner, J. Physique 45, 1283 (1984)).
    public static func weakDisorder(
        disorder w: Double, energy e: Double, hopping j: Double = 1
    ) -> Double {
        variance(disorder: w) / (2 * (4 * j * j - e * e))
    }

    /// Weak disorder at the band centre E = 0, the Kappus-Wegner anomaly (M. Kappus and
    /// F. Wegner, Z. Phys. B 45, 15 (1981); Derrida and Gardner 1984):
    ///
    ///     lambda(0) = (sigma / J)^2 Gamma(3/4)^2 / Gamma(1/4)^2 = 0.11424 (sigma / J)^2,
    ///
    /// 8 Gamma(3/4)^2 / Gamma(1/4)^2 = 0.91389 times the perturbative sigma^2 / (8 J^2), so
    /// xi(0) = 105.045 / W_box^2 = 26.26 J^2 / W^2 instead of 24 J^2 / W^2.
    public static func bandCentre(disorder w: Double, hopping j: Double = 1) -> Double {
        variance(disorder: w) / (j * j) * anomalyFactor / 8
    }

    /// lambda(0) / (sigma^2 / 8 J^2) at weak disorder: 8 Gamma(3/4)^2 / Gamma(1/4)^2.
    public static let anomalyFactor = 8 * pow(tgamma(0.75) / tgamma(0.25), 2)

    // Derivation: with r_{n+1} = psi_{n+1} / psi_n the recursion is r_{n+1} = a_n - 1/r_n,
    // a_n = (w_n - E)/J, and lambda = <ln |r|> = <ln |a|> + <ln |1 - 1/(a r)|>; for
    // |a| ~ W / J >> 1 the second term vanishes. (Equivalently, in Thouless's formula
    // lambda(E) = integral ln|E - E'| rho(E') dE' - ln J the density of states tends to the
    // distribution of w.) The mean over w uniform in [-W, W] uses
    // integral ln|x| dx = x ln|x| - x.
    /// Strong disorder, W >> J: the leading term
    ///
    ///     lambda = <ln |w - E|> - ln J
    ///            = [(W - E) ln|W - E| + (W + E) ln|W + E|] / (2W) - 1 - ln J
    ///
    /// (ln W - 1 - ln J at E = 0; the next term there is `strongDisorderCorrection`).
    public static func strongDisorder(
        disorder w: Double, energy e: Double, hopping j: Double = 1
    ) -> Double {
        func xlogx(_ x: Double) -> Double { x == 0 ? 0 : x * log(abs(x)) }
        return (xlogx(w - e) + xlogx(w + e)) / (2 * w) - 1 - log(j)
    }

    // Derivation (done for this project): a_n and r_n are independent, so with B = W/J and
    // c = 1/r, <ln|1 - c/a|>_a = [F(B - c) + F(B + c) - 2F(B)] / (2B), F(x) = x ln|x| - x.
    // Near r = 0 the density of r is that of a, 1/(2B), up to relative O(B^-2) (a shift of a
    // flat density by 1/r_{n-1} ~ 1/B leaves it flat), so averaging over c = 1/r gives
    // B^-2 integral_0^inf g(y) / y^2 dy with g(y) = [(1-y) ln|1-y| + (1+y) ln(1+y)] / 2, and the
    // integral is pi^2/4 (evaluated numerically to 1e-12; the test measures the coefficient).
    /// The next term at E = 0: lambda = ln(W/J) - 1 + (pi^2/4) (J/W)^2 + O((J/W)^4); returns
    /// the correction (pi^2/4) (J/W)^2.
    public static func strongDisorderCorrection(disorder w: Double, hopping j: Double = 1) -> Double
    {
        Double.pi * Double.pi / 4 * (j / w) * (j / w)
    }

    /// The clean chain (W = 0) outside the band, |E| > 2J: the evanescent solution decays as
    /// lambda = arccosh(|E| / (2J)) (T has trace -E/J and determinant 1, so its eigenvalues are
    /// e^{+-lambda} with 2 cosh lambda = |E| / J); 0 inside the band.
    public static func cleanChain(energy e: Double, hopping j: Double = 1) -> Double {
        abs(e) > 2 * j ? acosh(abs(e) / (2 * j)) : 0
    }
}

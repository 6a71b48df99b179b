import Foundation
import LinearAlgebra

/// Transport at infinite temperature (paper eqs. 16-18).
///
/// Which average: eq. 18 reads R = sqrt( sum_i (i - j)^2 [overline C_ij] ), the noise and
/// disorder averages inside the root. A single trajectory's or realization's R computed here
/// is therefore never averaged itself: run layouts declare these observables `rootOfMean`,
/// so the averaged quantity is the second moment R^2 (linear in C) and the reported R is the
/// root of its final average (`ObservableLayout`).
public enum Transport {
    /// The paper's RMS displacement, eq. 18: R = sqrt( sum_i (i - j)^2 C_ij ) with
    /// C_ij = |U_ij|^2 / 4 = profile_i / 4, where `profile` is the excitation's normalised
    /// density (sum 1) and j the excited site (0-based). Since sum_i C_ij = 1/4, R is half the
    /// width of the normalised profile.
    public static func rmsDisplacement(profile: [Double], site j: Int) -> Double {
        0.5 * rmsWidth(profile: profile, site: j)
    }

    /// The unnormalised width sqrt( sum_i (i - j)^2 profile_i ) = 2 R.
    public static func rmsWidth(profile: [Double], site j: Int) -> Double {
        var s = 0.0
        for (i, p) in profile.enumerated() { s += Double((i - j) * (i - j)) * p }
        return max(s, 0).squareRoot()
    }

    /// `rmsWidth` for `.rmsWidth`, else `rmsDisplacement`, of a profile.
    public static func value(_ observable: Observable, profile: [Double], site j: Int) -> Double {
        observable == .rmsWidth
            ? rmsWidth(profile: profile, site: j) : rmsDisplacement(profile: profile, site: j)
    }
}

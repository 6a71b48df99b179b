import Foundation
import ChainModel
import LinearAlgebra

/// The localization length seen by a noisy site: xi(E) averaged over the eigenstates the site
/// couples to, each with its coupling weight.
///
/// Definition. The noise on site k couples to eigenstate phi_a with weight |phi_a(k)|^2 (the
/// master-equation rates, paper eq. 20, are gamma |phi_a(k)|^2 |phi_b(k)|^2), and
/// sum_a |phi_a(k)|^2 delta(E - E_a) is the local density of states at k. Averaged over disorder,
/// for a site in the bulk (farther than a few xi from an end) it equals the density of states
/// rho_W(E). So
///
///     xi_noise(W) = integral xi(E) rho_W(E) dE,   xi(E) = 1 / lambda(E),
///
/// the mean localization length of the states the noisy site couples to, and alongside it
/// lambda_noise(W) = integral lambda(E) rho_W(E) dE.
///
/// Why the mean of xi and not 1 / lambda_noise: transport away from the noisy site is carried by
/// the states that reach far from it, i.e. by large xi, and the extent of the region an
/// excitation on k spreads over is linear in xi (an exponential profile |phi(k + d)|^2 ~
/// exp(-2|d|/xi) has mean |d| = xi / 2, and the LDOS-weighted sum of these means is
/// xi_noise / 2). The mean of lambda is instead dominated by the few states with the largest
/// lambda: at weak disorder the band-edge states (lambda ~ sigma^(2/3), against sigma^2 / 8 in
/// the band) carry a large share of it, though they hardly move anything. Both are written.
///
/// Computation. rho_W enters through the integrated density of states N(E) from the node
/// count of the same chains (`TransferMatrixProduct`), on a uniform grid of M energies over
/// [-(2J + W), 2J + W], which contains the whole spectrum (Gershgorin), so N = 0 and N = 1
/// exactly at the ends. The Stieltjes integral is the trapezoid sum
/// sum_j (N_{j+1} - N_j) (f_j + f_{j+1}) / 2 with f = 1 / lambda-bar (or lambda-bar); its
/// standard error is the delta method over chains: chain c contributes the linearised change
/// I_c = sum_j dF/dN_j (N_jc - N_j) + dF/dlambda_j (lambda_jc - lambda_j), and
/// se^2 = sum_c I_c^2 / (C (C - 1)).
public struct NoiseAveragedLocalization: Sendable {
    public let disorder: Double
    /// xi_noise = <xi>_rho and its standard error.
    public let xi: Double
    public let xiStderr: Double
    /// lambda_noise = <lambda>_rho and its standard error.
    public let lyapunov: Double
    public let lyapunovStderr: Double
    /// The grid, and lambda-bar and N-bar on it.
    public let energies: [Double]
    public let lyapunovOnGrid: [Double]
    public let integratedDensity: [Double]

    // Quadrature error against M = 1024 with the same chains (default sites and chains),
    // measured for W = 0.25, 0.5, 1, 2, 4, 10: xi_noise within 0.007 % at M = 128 (0.05 % at
    // M = 64); lambda_noise +2.4 %, +0.5 %, +0.1 %, 0.04 % and below at M = 128 (+0.56 % and
    // +0.12 % at W = 0.25 and 0.5 with M = 256).
    /// Default grid size M: a quadrature error of xi_noise below 0.01 % for W in [0.25, 10];
    /// lambda_noise, whose weight sits at the band edges where lambda changes fast, errs by up
    /// to a few percent at weak disorder (W <= 0.5) and by 0.1 % and less from W = 1 on.
    public static let defaultGridPoints = 128

    /// M energies uniform over [-(2J + W), 2J + W], both ends included (M >= 3).
    public static func grid(disorder: Double, hopping: Double, points: Int) -> [Double] {
        precondition(points >= 3)
        let edge = 2 * hopping + disorder
        return (0..<points).map { -edge + 2 * edge * Double($0) / Double(points - 1) }
    }

    /// The average from samples whose energies `columns` are the grid of `grid(...)`, ascending.
    public init(samples: LyapunovSamples, columns: Range<Int>) {
        let grid = Array(samples.energies[columns])
        let lambda = Array(samples.meanLyapunov[columns])
        let n = Array(samples.meanFractionBelow[columns])
        let chainsLambda = samples.lyapunov.map { Array($0[columns]) }
        let chainsN = samples.fractionBelow.map { Array($0[columns]) }
        let xiAverage = NoiseAveragedLocalization.stieltjes(
            f: lambda.map { 1 / $0 }, slope: lambda.map { -1 / ($0 * $0) }, n: n,
            chainsLambda: chainsLambda, chainsN: chainsN,
            lambda: lambda)
        let lambdaAverage = NoiseAveragedLocalization.stieltjes(
            f: lambda, slope: lambda.map { _ in 1 }, n: n, chainsLambda: chainsLambda,
            chainsN: chainsN, lambda: lambda)
        disorder = samples.disorder
        xi = xiAverage.value
        xiStderr = xiAverage.standardError
        lyapunov = lambdaAverage.value
        lyapunovStderr = lambdaAverage.standardError
        energies = grid
        lyapunovOnGrid = lambda
        integratedDensity = n
    }

    /// Runs the chains on the grid of M points and averages (the library entry point for a
    /// figure that needs xi_noise(W)).
    public static func compute(
        disorders: [Double], settings: LocalizationSettings, gridPoints: Int = defaultGridPoints,
        threads: Int,
        progress: any ProgressReporter = SilentProgress()
    ) throws -> [NoiseAveragedLocalization] {
        let grids = disorders.map {
            grid(disorder: $0, hopping: settings.hopping, points: gridPoints)
        }
        let samples = try LyapunovSampler.run(
            disorders: disorders, energies: grids, settings: settings, threads: threads,
            progress: progress)
        return try samples.map { s in
            try s.checkResolved()
            return NoiseAveragedLocalization(samples: s, columns: 0..<gridPoints)
        }
    }

    /// F = sum_j (N_{j+1} - N_j)(f_j + f_{j+1}) / 2 and its delta-method standard error, with
    /// slope_j = df_j / dlambda_j.
    private static func stieltjes(
        f: [Double], slope: [Double], n: [Double], chainsLambda: [[Double]], chainsN: [[Double]],
        lambda: [Double]
    ) -> (value: Double, standardError: Double) {
        let m = f.count
        var value = 0.0
        var dN = [Double](repeating: 0, count: m)  // dF / dN_j
        var dF = [Double](repeating: 0, count: m)  // dF / df_j
        for j in 0..<(m - 1) {
            let width = n[j + 1] - n[j], mid = (f[j] + f[j + 1]) / 2
            value += width * mid
            dN[j + 1] += mid
            dN[j] -= mid
            dF[j] += width / 2
            dF[j + 1] += width / 2
        }
        let chains = chainsLambda.count
        var sum2 = 0.0
        for c in 0..<chains {
            var influence = 0.0
            for j in 0..<m {
                influence +=
                    dN[j] * (chainsN[c][j] - n[j]) + dF[j] * slope[j]
                    * (chainsLambda[c][j] - lambda[j])
            }
            sum2 += influence * influence
        }
        return (value, chains > 1 ? (sum2 / Double(chains * (chains - 1))).squareRoot() : 0)
    }
}

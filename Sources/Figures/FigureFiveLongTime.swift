import Foundation
import Formats
import Localization
import Statistics

/// Fig. 5e's long-time analysis: the diffusion constant the spreading reaches, D_inf, per
/// spacing l (`LongTimeDiffusion`: harmonic mean over disorder rings), beside the finite-window
/// D of the trajectory runs, which lies above it (a walk with random cell-to-cell rates
/// approaches diffusion as D(t) - D_inf ~ t^(-1/2)). Two models of the same disorder:
/// - the closure (quantum, exact noise average) on rings of at least `ringSites` sites (n =
///   max(3, ceil(ringSites / l)) cells);
/// - the hopping picture: the classical master equation with the true eigenstates (rates
///   gamma |phi_a(s)|^2 |phi_b(s)|^2, every noisy site) on rings of `hoppingCells` cells (its
///   eigenstate centres need longer rings than the quantum D, and it is cheap: O(N^3) per ring).
///   Its D is proportional to gamma, so one computation serves every gamma of the scan.
///
/// From D_inf: t_l = l^2 / (2 D_inf) with error t_l sigma_D / D; the weighted straight line
/// ln t_l = a + s l with its chi^2 (chi^2 per degree of freedom far above 1 means ln t_l is not
/// linear in l); the local slopes (ln t_l' - ln t_l) / (l' - l) between consecutive spacings,
/// errors added in quadrature; a gamma scan (the quantum D_inf at every spacing for each gamma
/// in `gammas`, and its ratio to the hopping D); and the band-centre localization length
/// xi(E = 0) of the transfer matrix, whose inverse is the slope of the two-step hop through a
/// mid-cell state (amplitude e^{-l/(2 xi)} on each side, rate ~ e^{-l/xi}) before the slowest
/// cells' correction.
struct SpacingLongTime {
    /// The noise strengths of the gamma scan.
    static let gammas: [Double] = [0.01, 0.1, 0.3, 1, 3]
    /// The rings' disorder seed (realizations 0..<rings). Ring r of every spacing and model
    /// draws from the same stream, so rings of different l share their first potentials: their
    /// D are positively correlated, which the quadrature sums and the chi^2 ignore (the local
    /// slopes' and ratios' errors are then upper bounds, and the chi^2 a lower bound).
    static let seed: UInt64 = 2026

    struct Line {
        var slope: Double
        var slopeStderr: Double
        var intercept: Double
        var chiSquared: Double
        var degreesOfFreedom: Int
    }

    var ringSites: Int
    var hoppingCells: Int
    var rings: Int
    var scanRings: Int
    /// The quantum D_inf at the figure's gamma, per spacing.
    var diffusion: [LongTimeDiffusion]
    /// The hopping D_inf at the figure's gamma, per spacing.
    var hopping: [LongTimeDiffusion]
    /// The quantum D_inf per gamma of `gammas` (rows), per spacing (columns).
    var scan: [[LongTimeDiffusion]]
    var bandCentreXi: Double
    var bandCentreXiStderr: Double

    /// Cells of a quantum ring of spacing l with at least `sites` sites.
    static func cells(_ l: Int, sites: Int) -> Int { max(3, (sites + l - 1) / l) }

    /// Measured (W = 3, seed 2026; `Beyond the paper`): the quantum D_inf of rings of 16 and of
    /// 32 sites agree at gamma = 1 but not at gamma <= 0.1 (l = 4: 12 % lower on 16 sites,
    /// the coherence lives long enough to wrap around), so rings of at least 32 sites; the
    /// hopping D of rings of 4 cells is biased (l = 4: 0.21 against 0.37 on 8-32 cells, whose
    /// values agree within their errors), so 16 cells. 1000 rings give 2-4 % standard errors.
    init(spacings: [Int], disorder: Double, gamma: Double, quick: Bool, threads: Int) throws {
        let sites = quick ? 12 : 32, hoppingCells = quick ? 8 : 16, rings = quick ? 24 : 1000
        (ringSites, self.hoppingCells, self.rings) = (sites, hoppingCells, rings)
        let scanRings = quick ? 8 : 250
        self.scanRings = scanRings
        func at(_ g: Double, rings: Int) throws -> [LongTimeDiffusion] {
            try spacings.map {
                try LongTimeDiffusion(
                    model: .closure, spacing: $0, cells: Self.cells($0, sites: sites),
                    disorder: disorder, gamma: g, rings: rings, seed: Self.seed, threads: threads)
            }
        }
        let diffusion = try at(gamma, rings: rings)
        scan = try Self.gammas.map { g in
            g == gamma ? diffusion : try at(g, rings: scanRings)
        }
        self.diffusion = diffusion
        hopping = try spacings.map {
            try LongTimeDiffusion(
                model: .hopping, spacing: $0, cells: hoppingCells, disorder: disorder,
                gamma: gamma, rings: rings, seed: Self.seed, threads: threads)
        }
        let settings =
            quick ? LocalizationSettings(chains: 20, sites: 50_000) : LocalizationSettings()
        let centre = try LyapunovSampler.run(
            disorders: [disorder], energies: [0], settings: settings, threads: threads)[0].point(0)
        bandCentreXi = centre.xi
        bandCentreXiStderr = centre.xiStderr
    }

    /// The quantum D_inf at `g` over the hopping D_inf at `g` (the hopping D scales with gamma),
    /// per spacing, with standard errors.
    func hoppingRatios(_ row: [LongTimeDiffusion]) -> [(value: Double, standardError: Double)] {
        zip(row, hopping).map { q, c in
            let r = q.ratio(to: c), scale = q.gamma / c.gamma
            return (r.value / scale, r.standardError / scale)
        }
    }

    /// (ln t_l, its error) per spacing from D_inf.
    static func logCrossover(_ d: [LongTimeDiffusion]) -> [(Double, Double)] {
        d.map {
            (log(Double($0.spacing * $0.spacing) / (2 * $0.value)), $0.standardError / $0.value)
        }
    }

    /// Weighted least squares of ln t_l = a + s l, with chi^2 and its degrees of freedom.
    static func line(_ d: [LongTimeDiffusion]) -> Line {
        let points = logCrossover(d)
        let f = LeastSquares.weightedLine(
            x: d.map { Double($0.spacing) }, y: points.map(\.0), sigma: points.map(\.1))
        return Line(
            slope: f.slope, slopeStderr: f.slopeStderr, intercept: f.intercept,
            chiSquared: f.chiSquared, degreesOfFreedom: d.count - 2)
    }

    /// (ln t_l' - ln t_l) / (l' - l) between consecutive spacings, with its error.
    static func localSlopes(
        _ d: [LongTimeDiffusion]
    ) -> [(from: Int, to: Int, slope: Double, stderr: Double)] {
        let p = logCrossover(d)
        return zip(d.indices.dropLast(), d.indices.dropFirst()).map { i, j in
            let dl = Double(d[j].spacing - d[i].spacing)
            return (
                d[i].spacing, d[j].spacing, (p[j].0 - p[i].0) / dl,
                (p[i].1 * p[i].1 + p[j].1 * p[j].1).squareRoot() / dl
            )
        }
    }

    func lineJSON(_ d: [LongTimeDiffusion]) -> JSONValue {
        let f = Self.line(d)
        return .object([
            ("slope", .number(f.slope)), ("slope_stderr", .number(f.slopeStderr)),
            ("intercept", .number(f.intercept)), ("chi_squared", .number(f.chiSquared)),
            ("degrees_of_freedom", .number(Double(f.degreesOfFreedom))),
            (
                "local_slopes",
                .array(
                    Self.localSlopes(d).map {
                        .object([
                            ("spacings", .numbers([Double($0.from), Double($0.to)])),
                            ("slope", .number($0.slope)), ("slope_stderr", .number($0.stderr)),
                        ])
                    })
            ),
        ])
    }

    /// The `long_time` entry of panel-5e.json's spacing analysis.
    var json: JSONValue {
        let method: String =
            "closure (exact noise average), slowest Bloch density mode on rings of "
            + "n = max(3, ceil(\(ringSites) / l)) cells of l sites (noise on each "
            + "cell's last site), D from second-order perturbation theory about the "
            + "steady state (one linear solve, no time stepping); D_inf = "
            + "1 / mean(1 / D_ring) over independent disorder rings, standard error "
            + "by the delta method; t_l = l^2 / (2 D_inf)"
        let hoppingMethod: String =
            "classical master equation with the rings' true eigenstates, "
            + "Gamma_ab = sum_s gamma |phi_a(s)|^2 |phi_b(s)|^2 over the "
            + "noisy sites s, a hop through s moving the walker between the "
            + "eigenstates' centres; D from the slowest Bloch mode (one "
            + "linear solve) on rings of \(hoppingCells) cells, harmonic "
            + "mean over rings; proportional to gamma"
        return .object([
            ("method", .string(method)),
            ("ring_sites_min", .number(Double(ringSites))),
            ("cells", .numbers(diffusion.map { Double($0.cells) })),
            ("rings", .number(Double(rings))),
            ("scan_rings", .number(Double(scanRings))), ("seed", .number(Double(Self.seed))),
            ("band_centre_xi", .number(bandCentreXi)),
            ("band_centre_xi_stderr", .number(bandCentreXiStderr)),
            ("two_step_hop_slope", .number(1 / bandCentreXi)),
            ("fit", lineJSON(diffusion)),
            (
                "hopping",
                .object([
                    ("method", .string(hoppingMethod)),
                    ("cells", .number(Double(hoppingCells))),
                    ("gamma", .number(hopping.first?.gamma ?? 0)),
                    ("long_time_diffusion_constant", .numbers(hopping.map(\.value))),
                    (
                        "long_time_diffusion_constant_stderr",
                        .numbers(hopping.map(\.standardError))
                    ),
                    ("fit", lineJSON(hopping)),
                ])
            ),
            (
                "gamma_scan",
                .array(
                    zip(Self.gammas, scan).map { g, row in
                        let ratios = hoppingRatios(row)
                        return .object([
                            ("gamma", .number(g)),
                            ("spacings", .numbers(row.map { Double($0.spacing) })),
                            ("long_time_diffusion_constant", .numbers(row.map(\.value))),
                            (
                                "long_time_diffusion_constant_stderr",
                                .numbers(row.map(\.standardError))
                            ),
                            ("quantum_to_hopping_ratio", .numbers(ratios.map(\.value))),
                            (
                                "quantum_to_hopping_ratio_stderr",
                                .numbers(ratios.map(\.standardError))
                            ),
                            ("fit", lineJSON(row)),
                        ])
                    })
            ),
        ])
    }
}

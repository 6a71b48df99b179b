import ChainModel
import RunSpecification
import Formats
import RunStorage
import Localization
import Statistics
import Foundation

// The measurements behind the sizes and statistics below: doubling L changed R(t_max) by
// 0.1 % (one chain, l = 4); at L = 240, l = 6, one trajectory's noise variance of R^2 is
// 0.17-0.4 of the variance between realizations.
/// Fig. 5d-5e (beyond the paper): noise on a finite fraction of the sites. The paper (Sec. V)
/// predicts that noise on every l-th site (a fraction p = 1/l) delocalizes the chain after a
/// time t ~ xi^-1 exp(l / xi), with diffusive transport, R ~ sqrt(2 D t), after it.
///
/// 5d: R(t) of an excitation at infinite temperature (as in Fig. 3: trajectories, Strang
/// dt = 0.1, the excitation on the noisy site L/2) at W = 3 with noise on sites l, 2l, ...
/// (`--noise-spacing l`), and with one noisy site for the logarithmic law they leave.
/// 5e: the crossover time t_l = l^2 / (2 D) against l, from the late diffusion fit of the runs
/// (`SpacingFit`, a finite-window D above the limit) and from the long-time D_inf of the
/// closure on rings (`SpacingLongTime`), with the weighted line's chi^2, the local slopes, a
/// gamma scan and the two-step hop's slope 1/xi(0); the readings xi^-1 exp(l / xi) with
/// xi_noise and xi_noise / 2 stay in the JSON for comparison with earlier versions.
///
/// Sizes: L = 62 l keeps R(t_max) near 0.13 L/2; L/2 = 31 l is a noisy site. t_max about
/// 50-70 t_l puts the fit window, the last decade, 5-7 t_l in (where R^2 grows linearly).
/// One noise realization per disorder realization: the disorder spread dominates, so more
/// realizations buy more than more noise.
extension FigureSpecs {
    static let spacingDisorder = 3.0

    /// One curve of 5d: noise every `spacing` sites (nil: one noisy site, L/2).
    struct SpacingCurve {
        var spacing: Int?
        var length: Int
        var tMax: Double
        var name: String {
            "excitation-L\(length)-W\(format(spacingDisorder))"
                + (spacing.map { "-spacing\($0)" } ?? "")
        }
    }

    static func spacingCurves(_ quick: Bool) -> [SpacingCurve] {
        let spaced: [SpacingCurve] =
            quick
            ? [(4, 1e3), (6, 3e3), (8, 1e4)].map {
                SpacingCurve(spacing: $0, length: 30 * $0, tMax: $1)
            }
            : [(4, 3e3), (5, 5e3), (6, 1e4), (7, 2e4), (8, 3e4)].map {
                SpacingCurve(spacing: $0, length: 62 * $0, tMax: $1)
            }
        return [SpacingCurve(spacing: nil, length: spaced[0].length, tMax: spaced.last!.tMax)]
            + spaced
    }

    /// The runs and panel 5d.
    static func figure5Spacing(
        _ quick: Bool
    ) -> (runs: [String: RunSpec], panel: FigureManifest.Panel) {
        let r = quick ? 20 : 100
        var runs: [String: RunSpec] = [:]
        for c in spacingCurves(quick) {
            runs[c.name] = run(
                strang(noise: 1), length: c.length, disorder: spacingDisorder,
                initial: .excitation(site: c.length / 2 - 1),
                realizations: r, tMax: c.tMax, observables: [.rmsDisplacement],
                noiseSpacing: c.spacing)
        }
        let panel = FigureManifest.Panel(
            id: "5d", title: "noise every l sites, W = \(format(spacingDisorder))",
            xLabel: "time t (1/J)", yLabel: "R(t) (sites)",
            curves: spacingCurves(quick).map {
                .init(
                    label: ($0.spacing.map { "l = \($0)" } ?? "one noisy site")
                        + ", L = \($0.length)",
                    run: $0.name, observable: .rmsDisplacement)
            },
            notes: [
                "Trajectories, Strang dt = 0.1, \(r) disorder x 1 noise realizations; "
                    + "excitation on the noisy site L/2.",
                "Noise on sites l, 2l, ...: logarithmic growth, then diffusion (R^2 linear "
                    + "in t); fits in panel 5e.",
            ])
        return (runs, panel)
    }
}

/// Panel 5e: the fits of `SpacingFit` on the runs of panel 5d, written as panel-5e.json, .csv
/// and .svg beside the manifest's panels (it is derived from the records of several runs, not
/// a curve of one run, so it is rendered here and not by `FigureManifest`).
package enum SpacingPanel {
    static let id = "5e"

    /// Renders panel 5e when the manifest has panel 5d (figure 5); otherwise does nothing.
    package static func render(manifest: FigureManifest, into directory: URL, threads: Int) throws {
        guard let source = manifest.panels.first(where: { $0.id == "5d" }) else { return }
        var curves: [SpacingFit.Curve] = [], runs: [[(String, JSONValue)]] = [],
            model: (disorder: Double, gamma: Double)?
        var realizations: [Int]?
        for curve in source.curves {
            let contents = try RunDirectory(path: directory.appendingPathComponent(curve.run).path)
                .open(repair: false)
            guard contents.isComplete else {
                throw SpacingFit.Failure(description: "\(curve.run): incomplete run")
            }
            let p = Dictionary(contents.identity.parameters, uniquingKeysWith: { a, _ in a })
            guard let sites = p["noise_sites"]?.flattenedNumbers?.map({ Int($0) }),
                let length = p["length"]?.doubleValue,
                let w = p["disorder"]?.doubleValue, let gammas = p["gammas"]?.flattenedNumbers,
                let g = gammas.first,
                gammas.allSatisfy({ $0 == g }), model.map({ $0 == (w, g) }) ?? true
            else {
                throw SpacingFit.Failure(
                    description: "\(curve.run): not the disorder and one gamma of the other curves")
            }
            model = (w, g)
            guard sites.count > 1 else { continue }
            let spacing = sites[0]
            guard sites == Chain.sites(every: spacing, length: Int(length)).map({ $0 + 1 }) else {
                throw SpacingFit.Failure(
                    description: "\(curve.run): noise sites are not every l-th site")
            }
            guard realizations.map({ $0 == contents.recorded.map(\.realization) }) ?? true else {
                throw SpacingFit.Failure(
                    description: "\(curve.run): other disorder realizations than the other curves")
            }
            realizations = contents.recorded.map(\.realization)
            let moments = try secondMoments(contents, observable: curve.observable)
            curves.append(
                .init(spacing: spacing, times: contents.identity.times, secondMoments: moments))
            let last = moments.map { $0.last! }.reduce(0, +) / Double(moments.count)
            runs.append([
                ("run", .string(curve.run)), ("length", .number(length)),
                ("realizations", .number(Double(moments.count))),
                ("noise_realizations", .number(Double(contents.identity.noiseRealizations ?? 1))),
                ("t_max", .number(contents.identity.times.last!)),
                ("rms_displacement_at_t_max", .number(last.squareRoot())),
                ("half_length", .number(length / 2)),
            ])
        }
        guard let model else { return }
        let settings =
            manifest.quick
            ? LocalizationSettings(chains: 20, sites: 50_000) : LocalizationSettings()
        let xi = try NoiseAveragedLocalization.compute(
            disorders: [model.disorder], settings: settings, threads: threads)[0]
        let fit = try SpacingFit(curves: curves)
        let longTime = try SpacingLongTime(
            spacings: fit.spacings.map(\.spacing), disorder: model.disorder, gamma: model.gamma,
            quick: manifest.quick, threads: threads)
        try write(
            fit: fit, longTime: longTime, runs: runs, model: model, xi: xi, into: directory)
    }

    /// The predicted crossover time xi^-1 exp(l / xi) (paper, Sec. V).
    static func predicted(spacing l: Int, xi: Double) -> Double { exp(Double(l) / xi) / xi }

    /// Writes panel-5e.json (the plotted curves and `spacing_analysis`: xi, every fit with its
    /// window and error, the predictions, R(t_max) against L/2, the slope), .csv and .svg.
    static func write(
        fit: SpacingFit, longTime: SpacingLongTime, runs: [[(String, JSONValue)]],
        model: (disorder: Double, gamma: Double),
        xi: NoiseAveragedLocalization,
        into directory: URL
    ) throws {
        let readings = [
            (key: "xi_noise", label: "xi_noise", xi: xi.xi),
            (key: "xi_noise_half", label: "xi_noise/2", xi: xi.xi / 2),
        ]
        let l = fit.spacings.map { Double($0.spacing) }
        let t = fit.spacings.map(\.crossoverTime)
        let longLine = SpacingLongTime.line(longTime.diffusion)
        let longT = SpacingLongTime.logCrossover(longTime.diffusion)
        let hopT = SpacingLongTime.logCrossover(longTime.hopping)
        let hopLine = SpacingLongTime.line(longTime.hopping)
        let weakest = longTime.hoppingRatios(longTime.scan[0]).map(\.value)
        let first = longT.first?.0 ?? 0, l0 = l.first ?? 0
        let curves = [
            SVGPlot.Curve(
                label: "finite window (last decade)", x: l, y: t.map { log($0.value) },
                error: t.map { $0.standardError / $0.value }, style: .points),
            SVGPlot.Curve(
                label: "long time (closure, rings)", x: l, y: longT.map(\.0),
                error: longT.map(\.1), style: .points),
            SVGPlot.Curve(
                label: "hopping, true eigenstates (master, rings)", x: l, y: hopT.map(\.0),
                error: hopT.map(\.1), style: .points),
            SVGPlot.Curve(
                label: String(
                    format: "line: slope %.3f, chi^2 %.1f/%d", longLine.slope,
                    longLine.chiSquared, longLine.degreesOfFreedom),
                x: l, y: l.map { longLine.intercept + longLine.slope * $0 }),
            SVGPlot.Curve(
                label: String(
                    format: "slope 1/xi(0) = %.3f, from l = %d",
                    1 / longTime.bandCentreXi, Int(l0)),
                x: l, y: l.map { first + ($0 - l0) / longTime.bandCentreXi }),
        ]
        func z(_ x: Double) -> Double { (fit.slope.value - 1 / x) / fit.slope.standardError }
        let notes = [
            String(
                format:
                    "W = %@, gamma = %@; xi_noise = %.3f (localization). D from width^2 = "
                    + "4 R^2 = 2 D t over each run's last decade.",
                FigureSpecs.format(model.disorder), FigureSpecs.format(model.gamma), xi.xi),
            fit.spacings.map {
                String(
                    format: "l = %d: D = %.4f +- %.4f, t_l = %.1f +- %.1f", $0.spacing,
                    $0.diffusionConstant.value,
                    $0.diffusionConstant.standardError, $0.crossoverTime.value,
                    $0.crossoverTime.standardError)
            }.joined(separator: "; ") + ".",
            longTime.diffusion.map {
                String(
                    format: "l = %d: D_inf = %.4f +- %.4f", $0.spacing, $0.value, $0.standardError)
            }.joined(separator: "; ")
                + String(
                    format:
                        " (closure on %d rings of at least %d sites). Weighted line through "
                        + "ln t_l(D_inf): slope %.3f +- %.3f, chi^2 = %.1f for %d degrees of "
                        + "freedom; 1/xi(0) = %.3f (band centre).",
                    longTime.rings, longTime.ringSites, longLine.slope, longLine.slopeStderr,
                    longLine.chiSquared, longLine.degreesOfFreedom, 1 / longTime.bandCentreXi),
            zip(longTime.hopping, longTime.hoppingRatios(longTime.diffusion)).map { c, r in
                String(
                    format: "l = %d: D_hop = %.4f +- %.4f, D_inf / D_hop = %.2f +- %.2f",
                    c.spacing, c.value, c.standardError, r.value, r.standardError)
            }.joined(separator: "; ")
                + String(
                    format:
                        " (hopping picture: master equation with the true eigenstates on %d "
                        + "rings of %d cells; slope %.3f +- %.3f, chi^2 = %.1f). At gamma = %@, "
                        + "the scan's smallest, D_inf / D_hop = %.2f to %.2f.",
                    longTime.rings, longTime.hoppingCells, hopLine.slope, hopLine.slopeStderr,
                    hopLine.chiSquared, FigureSpecs.format(SpacingLongTime.gammas[0]),
                    weakest.min() ?? .nan, weakest.max() ?? .nan),
            String(
                format:
                    "Finite-window slope of ln t_l against l: %.3f +- %.3f (xi_eff = %.2f); "
                    + "1/xi_noise = %.3f (z = %.1f), 2/xi_noise = %.3f (z = %.1f).",
                fit.slope.value, fit.slope.standardError, 1 / fit.slope.value, 1 / xi.xi, z(xi.xi),
                2 / xi.xi, z(xi.xi / 2)),
        ]
        func estimate(_ name: String, _ e: SpacingFit.Estimate) -> [(String, JSONValue)] {
            [(name, .number(e.value)), (name + "_stderr", .number(e.standardError))]
        }
        let spacings: [JSONValue] = zip(fit.spacings, runs).map { s, about in
            .object(
                [("spacing", .number(Double(s.spacing)))] + about + [
                    ("fit_window", .numbers([s.window.lowerBound, s.window.upperBound])),
                    ("fit_points", .number(Double(s.points))),
                ]
                    + estimate("diffusion_constant", s.diffusionConstant)
                    + estimate("offset", s.offset) + estimate("crossover_time", s.crossoverTime)
                    + longTimeEntries(s, longTime)
                    + readings.map {
                        (
                            "predicted_crossover_time_" + $0.key,
                            .number(predicted(spacing: s.spacing, xi: $0.xi))
                        )
                    })
        }
        let analysis = JSONValue.object([
            ("disorder", .number(model.disorder)), ("gamma", .number(model.gamma)),
            ("xi_noise", .number(xi.xi)), ("xi_noise_stderr", .number(xi.xiStderr)),
            (
                "normalisation",
                .string(
                    "R is the paper's eq. 18 (rms_displacement, half the width of the "
                        + "normalised profile); "
                        + "D is the density's diffusion constant, width^2 = 4 R^2 = 2 D t "
                        + "(the paper's R^2 = 2 D' t has D' = D / 4)"
                )
            ),
            (
                "fit",
                .string(
                    "least squares of 4 R^2 = 2 D t + offset over the output times of each "
                        + "run's last decade [t_max / 10, t_max]; "
                        + "standard errors by delete-one jackknife over disorder "
                        + "realizations, jointly for all spacings"
                )
            ),
            (
                "crossover_definition",
                .string(
                    "t_l = l^2 / (2 D): where the fitted diffusive width sqrt(2 D t) reaches "
                        + "one spacing, the mean waiting time between hops of a walk between "
                        + "neighbouring noisy sites"
                )
            ),
            (
                "prediction",
                .string(
                    "t ~ xi^-1 exp(l / xi), read with xi = xi_noise (amplitude decay "
                        + "length) and xi = xi_noise / 2 (intensity, the ansatz's convention)"
                )
            ),
            ("spacings", .array(spacings)), ("long_time", longTime.json),
            (
                "slope",
                .object(
                    estimate("value", fit.slope) + estimate("intercept", fit.intercept) + [
                        ("predicted_xi_noise", .number(1 / xi.xi)),
                        ("predicted_xi_noise_half", .number(2 / xi.xi)),
                        ("z_xi_noise", .number(z(xi.xi))),
                        ("z_xi_noise_half", .number(z(xi.xi / 2))),
                        ("chi_squared", .number(finiteChiSquared(fit))),
                        ("degrees_of_freedom", .number(Double(fit.spacings.count - 2))),
                        ("effective_xi", .number(1 / fit.slope.value)),
                        (
                            "effective_xi_stderr",
                            .number(fit.slope.standardError / (fit.slope.value * fit.slope.value))
                        ),
                    ])
            ),
        ])
        try PanelFile(
            id: id, title: "crossover time against the noise spacing",
            xLabel: "spacing l of the noisy sites",
            yLabel: "ln t_l (t in 1/J)", logX: false, notes: notes, curves: curves,
            runs: curves.map { _ in nil },
            analysis: [("spacing_analysis", analysis)]
        ).write(into: directory)
    }

    /// The long-time entries of one spacing: D_inf with its error, t_l from it, how far the
    /// finite-window D lies above it (D / D_inf - 1), the hopping D and D_inf / D_hop.
    static func longTimeEntries(
        _ s: SpacingFit.Spacing, _ longTime: SpacingLongTime
    ) -> [(String, JSONValue)] {
        guard let i = longTime.diffusion.firstIndex(where: { $0.spacing == s.spacing }) else {
            return []
        }
        let d = longTime.diffusion[i], hop = longTime.hopping[i]
        let ratio = longTime.hoppingRatios(longTime.diffusion)[i]
        let l2 = Double(s.spacing * s.spacing)
        return [
            ("long_time_diffusion_constant", .number(d.value)),
            ("long_time_diffusion_constant_stderr", .number(d.standardError)),
            ("long_time_crossover_time", .number(l2 / (2 * d.value))),
            (
                "long_time_crossover_time_stderr",
                .number(l2 / (2 * d.value) * d.standardError / d.value)
            ),
            ("finite_window_excess", .number(s.diffusionConstant.value / d.value - 1)),
            ("hopping_long_time_diffusion_constant", .number(hop.value)),
            ("hopping_long_time_diffusion_constant_stderr", .number(hop.standardError)),
            ("quantum_to_hopping_ratio", .number(ratio.value)),
            ("quantum_to_hopping_ratio_stderr", .number(ratio.standardError)),
        ]
    }

    /// chi^2 of the finite-window line ln t_l = a + s l against the per-spacing jackknife errors
    /// (the points share disorder realizations, so this ignores their correlation).
    static func finiteChiSquared(_ fit: SpacingFit) -> Double {
        LeastSquares.chiSquared(
            x: fit.spacings.map { Double($0.spacing) },
            y: fit.spacings.map { log($0.crossoverTime.value) },
            sigma: fit.spacings.map { $0.crossoverTime.standardError / $0.crossoverTime.value },
            slope: fit.slope.value, intercept: fit.intercept.value)
    }

    /// m_r(t) = R_r(t)^2 per disorder realization r: its noise mean of the second moment, from
    /// its record (rebuilt through the run's layout, which reports the root).
    static func secondMoments(
        _ contents: RunDirectory.Contents, observable: Observable
    ) throws -> [[Double]] {
        try contents.recorded.map { entry in
            let record = contents.record(at: entry.offset)
            guard
                case .scalar(let roots)? = contents.identity.layout.observables(
                    mean: record.noise.mean, standardError: nil)[observable]
            else {
                throw SpacingFit.Failure(description: "records lack \(observable)")
            }
            return roots.map { $0 * $0 }
        }
    }
}

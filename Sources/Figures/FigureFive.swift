import ChainModel
import RunSpecification
import Formats
import RunStorage
import Localization
import Foundation

/// Fig. 5 (beyond the paper): does one scaling parameter collapse the quantum transport?
/// The paper (Sec. IV) collapsed the master equation's R(t) with the ansatz xi (Fig. 4b) but
/// "could not produce a similar collapse for the original problem with xi computed
/// numerically". Here xi(W) is the noise-averaged localization length of `localization`
/// (xi_noise: the mean amplitude decay length of the states the noisy site couples to), the
/// quantum R(t) comes from trajectories at the paper's parameters (L = 1000, 100 x 10), and the
/// collapse R/xi against xi t is measured by the relative spread of the rescaled curves
/// (`CollapseSpread`) and, with their error bars, by chi^2 per degree of freedom at xi_noise and
/// at xi fitted per W (`CollapseChiSquared`); the master equation with ansatz rates at
/// xi_a = xi_noise / 2 (5c; the ansatz's u_a is an intensity, |phi|^2 ~ e^{-2d/xi}) and with the
/// true eigenstates of the same chains (5f, 100 disorder realizations: the classical hopping
/// model, whose rates are not functions of x/xi) are measured the same way alongside.
/// Panels 5d-5e ask the paper's second question, noise on a finite fraction of the sites
/// (`FigureFiveSpacing.swift`).
extension FigureSpecs {
    package static func figure5Disorders(_ quick: Bool) -> [Double] {
        quick ? [1, 2, 4] : [1, 2, 3, 4]
    }

    /// xi_noise(W) for Fig. 5 (quick: 20 chains of 50000 sites, about 1 % error; else the
    /// defaults).
    package static func localizationLengths(_ quick: Bool, threads: Int) throws -> [Double] {
        let settings =
            quick ? LocalizationSettings(chains: 20, sites: 50_000) : LocalizationSettings()
        return try NoiseAveragedLocalization.compute(
            disorders: figure5Disorders(quick), settings: settings, threads: threads
        ).map(\.xi)
    }

    package static func figure5(_ quick: Bool, xi: [Double]) -> FigureSpec {
        let l = quick ? 400 : 1000, disorders = figure5Disorders(quick)
        let r = quick ? 10 : 100, m = quick ? 4 : 10, tMax = quick ? 3e3 : 1e4
        var runs: [String: RunSpec] = [:]
        for w in disorders {
            runs["excitation-L\(l)-W\(format(w))"] = run(
                strang(noise: m), length: l, disorder: w, initial: .excitation(site: l / 2 - 1),
                realizations: r, tMax: tMax,
                observables: [.rmsDisplacement])
        }
        for (w, x) in zip(disorders, xi) {
            runs["master-W\(format(w))"] = ansatz(length: l, xi: x / 2, tMax: tMax)
            runs["master-eigenstates-W\(format(w))"] = run(
                .master(MasterSpec(rates: .microscopic)), length: l, disorder: w,
                initial: .excitation(site: l / 2 - 1), realizations: r, tMax: tMax,
                observables: [.rmsWidth])
        }
        let labels = zip(disorders, xi).map { String(format: "W = %@, xi = %.2f", format($0), $1) }
        let from = 10 * (xi.max() ?? 1)
        let a = FigureManifest.Panel(
            id: "5a", title: "RMS displacement, L = \(l)", xLabel: "time t (1/J)",
            yLabel: "R(t) (sites)",
            curves: zip(disorders, labels).map {
                .init(
                    label: $1, run: "excitation-L\(l)-W\(format($0))", observable: .rmsDisplacement)
            },
            notes: [
                "Trajectories, Strang dt = 0.1; xi = xi_noise(W) from the transfer matrix "
                    + "(localization)."
            ])
        func collapse(
            _ id: String, _ title: String, run: (Double) -> String, observable: Observable,
            note: String
        ) -> FigureManifest.Panel {
            FigureManifest.Panel(
                id: id, title: title, xLabel: "xi t",
                yLabel: observable == .rmsWidth ? "w(t) / xi" : "R(t) / xi",
                curves: zip(zip(disorders, xi), labels).map { p, label in
                    .init(
                        label: label, run: run(p.0), observable: observable, xScale: p.1,
                        yScale: 1 / p.1)
                },
                notes: [note], collapseFrom: from)
        }
        let b = collapse(
            "5b", "quantum collapse with xi computed numerically",
            run: { "excitation-L\(l)-W\(format($0))" }, observable: .rmsDisplacement,
            note:
                "One scaling parameter would put every curve on one line; the spread below "
                + "measures how far they are from it."
        )
        let c = collapse(
            "5c", "master equation (ansatz, xi_a = xi / 2), the same rescaling",
            run: { "master-W\(format($0))" }, observable: .rmsWidth,
            note:
                "The classical model's collapse (paper Fig. 4b), measured with the same "
                + "spread for comparison; its rms_width is the full width w (the quantum "
                + "curves' R is w / 2)."
        )
        let f = collapse(
            "5f", "master equation with the true eigenstates, the same rescaling",
            run: { "master-eigenstates-W\(format($0))" }, observable: .rmsWidth,
            note:
                "The classical hopping model of the same chains (microscopic rates gamma "
                + "|phi_a(L/2)|^2 |phi_b(L/2)|^2, start p_a = |phi_a(L/2)|^2, \(r) disorder "
                + "realizations), judged like 5b: its rates are not functions of x/xi, so "
                + "unlike 5c it can fail to collapse. rms_width is the full width w (the "
                + "quantum R is w / 2)."
        )
        let spacing = figure5Spacing(quick)
        runs.merge(spacing.runs) { $1 }
        return FigureSpec(
            manifest: FigureManifest(
                figure: "5", quick: quick, panels: [a, b, c, spacing.panel, f]),
            runs: runs)
    }
}

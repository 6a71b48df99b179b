import ChainModel
import RunSpecification
import Formats
import RunStorage
import Localization
import Foundation

/// The paper's figures as data: each panel's curves and the solver run (a `RunSpec`) behind
/// every curve. Paper parameters: J = 1, gamma = 1 on site L/2, dt = 0.1, 100 disorder x 10
/// noise realizations; `--quick` scales sizes, statistics and times down.
package struct FigureSpec {
    package var manifest: FigureManifest
    /// Run directory name -> the run.
    package var runs: [String: RunSpec]
}

package enum FigureSpecs {
    static let randomSlaterPerSite =
        0.5 * log(2) * (1 - (1 + (1 - 0.5) / 0.5 * log(1 - 0.5)) / log(2))

    package static func figure(_ n: Int, quick: Bool) -> FigureSpec {
        switch n {
        case 1: return figure1(quick)
        case 2: return figure2(quick)
        case 3: return figure3(quick)
        default: return figure4(quick)
        }
    }

    package static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }

    /// A run of the figures: J = 1, gamma = 1 (on site L/2 unless `noiseSpacing`), seed 1,
    /// the paper's Strang dt = 0.1 for time-stepped solvers, 8 output points a decade.
    static func run(
        _ solver: SolverSpec, length l: Int, disorder w: Double, initial: InitialSpec,
        realizations r: Int, tMax: Double,
        observables: [Observable]? = nil, noiseSpacing: Int? = nil
    ) -> RunSpec {
        let sites = noiseSpacing.map { Chain.sites(every: $0, length: l) }
        return RunSpec(
            chain: ChainSpec(length: l, disorder: w, noiseSites: sites, realizations: r),
            initial: initial,
            times: RunSpec.outputTimes(
                explicit: nil, tMax: tMax, pointsPerDecade: 8, solver: solver), solver: solver,
            observables: observables)
    }

    static func strang(noise m: Int) -> SolverSpec {
        .trajectories(scheme: .strang, dt: 0.1, noiseRealizations: m)
    }

    /// A master-equation run with ansatz rates (one chain, no disorder).
    static func ansatz(length l: Int, xi: Double, tMax: Double) -> RunSpec {
        run(
            .master(MasterSpec(rates: .ansatz, xi: xi)), length: l, disorder: 1,
            initial: .excitation(site: l / 2 - 1),
            realizations: 1, tMax: tMax)
    }

    /// Fig. 1: energy from the ground state at half filling, exact closure averaged over the
    /// Strang scheme at dt = 0.1 (the same average as the trajectories, without noise error).
    static func figure1(_ quick: Bool) -> FigureSpec {
        let big = quick ? 48 : 100,
            sizes = quick ? [8, 12, 16, 24, 48] : [12, 16, 24, 32, 64, 100]
        let disorders: [Double] = quick ? [1, 2, 4] : [1, 2, 3, 4]
        let r = quick ? 8 : 100, tMax = quick ? 3e3 : 1e4
        var runs: [String: RunSpec] = [:]
        func run(_ l: Int, _ w: Double) -> String {
            let name = "closure-L\(l)-W\(format(w))"
            runs[name] = Self.run(
                .closure(scheme: .strang, dt: 0.1, tolerance: 1e-10), length: l, disorder: w,
                initial: .ground(particles: l / 2),
                realizations: r, tMax: tMax, observables: [.energy, .absorbedEnergy])
            return name
        }
        let note =
            "Exact noise average (closure, Strang scheme, dt = 0.1): the trajectories' "
            + "mean without noise error."
        let a = FigureManifest.Panel(
            id: "1a", title: "absorbed energy, L = \(big)", xLabel: "time t (1/J)",
            yLabel: "Delta eps(t) (units of J)",
            curves: disorders.map {
                .init(label: "W = \(format($0))", run: run(big, $0), observable: .absorbedEnergy)
            }, notes: [note])
        let b = FigureManifest.Panel(
            id: "1b", title: "absorbed energy, W = 1", xLabel: "time t (1/J)",
            yLabel: "Delta eps(t) (units of J)",
            curves: sizes.map {
                .init(label: "L = \($0)", run: run($0, 1), observable: .absorbedEnergy)
            }, notes: [note])
        let c = FigureManifest.Panel(
            id: "1c", title: "energy density, W = 1", xLabel: "time t (1/J)",
            yLabel: "eps(t) / L (units of J)",
            curves: sizes.map {
                .init(
                    label: "L = \($0)", run: run($0, 1), observable: .energy, yScale: 1 / Double($0)
                )
            },
            references: [("eps/L = 0 (inf. T)", 0)], notes: [note])
        return FigureSpec(
            manifest: FigureManifest(figure: "1", quick: quick, panels: [a, b, c]), runs: runs)
    }

    /// Fig. 2: entanglement from random product states at half filling (trajectories,
    /// Strang, dt = 0.1).
    static func figure2(_ quick: Bool) -> FigureSpec {
        let big = quick ? 48 : 100, sizes = quick ? [8, 12, 16, 24] : [8, 12, 16, 24, 32]
        let disorders: [Double] = quick ? [1, 4] : [1, 2, 4]
        let r = quick ? 10 : 100, m = quick ? 4 : 10, tMax = quick ? 3e3 : 1e4
        var runs: [String: RunSpec] = [:]
        func run(_ l: Int, _ w: Double, profile: Bool = false) -> String {
            let name = "trajectories-L\(l)-W\(format(w))" + (profile ? "-profile" : "")
            runs[name] = Self.run(
                strang(noise: m), length: l, disorder: w,
                initial: .product(particles: l / 2, occupations: nil), realizations: r,
                tMax: tMax,
                observables: profile ? [.entanglement, .entanglementProfile] : [.entanglement])
            return name
        }
        let measured =
            "Measured: S/L saturates at the random-Slater value 0.193 from above, not at "
            + "(1/4) ln 2 = 0.173."
        let a = FigureManifest.Panel(
            id: "2a", title: "half-cut entanglement, L = \(big)", xLabel: "time t (1/J)",
            yLabel: "S(t) (nats)",
            curves: disorders.map {
                .init(label: "W = \(format($0))", run: run(big, $0), observable: .entanglement)
            })
        let b = FigureManifest.Panel(
            id: "2b", title: "half-cut entanglement, W = 1", xLabel: "time t (1/J)",
            yLabel: "S(t) (nats)",
            curves: sizes.map {
                .init(label: "L = \($0)", run: run($0, 1), observable: .entanglement)
            },
            references: [
                ("Page value, L = \(sizes.first!)", Double(sizes.first!) / 2 * log(2) - 0.5)
            ])
        let c = FigureManifest.Panel(
            id: "2c", title: "entanglement density, W = 1", xLabel: "time t (1/J)",
            yLabel: "S(t) / L (nats)",
            curves: sizes.map {
                .init(
                    label: "L = \($0)", run: run($0, 1), observable: .entanglement,
                    yScale: 1 / Double($0))
            },
            references: [
                ("random Slater 0.193", randomSlaterPerSite), ("paper: (1/4) ln 2", 0.25 * log(2)),
            ], notes: [measured])
        let profileRun = run(big, 1, profile: true)
        let d = FigureManifest.Panel(
            id: "2d", title: "entanglement profile, L = \(big), W = 1", xLabel: "cut l_A",
            yLabel: "S(l_A) (nats)",
            curves: (quick ? [1, 10, 100, 1000] : [1, 10, 100, 1000, 10000]).map {
                .init(
                    label: "t = \(format($0))", run: profileRun, observable: .entanglementProfile,
                    atTime: $0)
            }, logX: false)
        let e = FigureManifest.Panel(
            id: "2e", title: "entanglement growth per cut, L = \(big), W = 1",
            xLabel: "time t (1/J)", yLabel: "S(l_A, t) (nats)",
            curves: stride(from: big / 10, through: big / 2, by: big / 10).map {
                .init(
                    label: "l_A = \($0)", run: profileRun, observable: .entanglementProfile,
                    component: $0 - 1)
            })
        return FigureSpec(
            manifest: FigureManifest(figure: "2", quick: quick, panels: [a, b, c, d, e]), runs: runs
        )
    }

    /// Fig. 3: RMS displacement at infinite temperature (trajectories of one excitation,
    /// Strang, dt = 0.1; the closure gives the same average but costs L^2 per step).
    static func figure3(_ quick: Bool) -> FigureSpec {
        let big = quick ? 400 : 1000, sizes = quick ? [100, 200, 400] : [100, 200, 500, 1000]
        let disorders: [Double] = quick ? [1, 4] : [1, 2, 4]
        let r = quick ? 10 : 100, m = quick ? 4 : 10, tMax = quick ? 3e3 : 1e4
        var runs: [String: RunSpec] = [:]
        func run(_ l: Int, _ w: Double) -> String {
            let name = "excitation-L\(l)-W\(format(w))"
            runs[name] = Self.run(
                strang(noise: m), length: l, disorder: w, initial: .excitation(site: l / 2 - 1),
                realizations: r, tMax: tMax,
                observables: [.rmsDisplacement])
            return name
        }
        let note =
            "R(t) in the paper's eq. 18 normalisation (C_ij = |U_ij|^2 / 4): half the "
            + "width of the normalised profile."
        let a = FigureManifest.Panel(
            id: "3a", title: "RMS displacement, L = \(big)", xLabel: "time t (1/J)",
            yLabel: "R(t) (sites)",
            curves: disorders.map {
                .init(label: "W = \(format($0))", run: run(big, $0), observable: .rmsDisplacement)
            }, notes: [note])
        let b = FigureManifest.Panel(
            id: "3b", title: "RMS displacement, W = 1", xLabel: "time t (1/J)",
            yLabel: "R(t) (sites)",
            curves: sizes.map {
                .init(label: "L = \($0)", run: run($0, 1), observable: .rmsDisplacement)
            }, notes: [note])
        return FigureSpec(
            manifest: FigureManifest(figure: "3", quick: quick, panels: [a, b]), runs: runs)
    }

    /// Fig. 4: the master equation with ansatz rates, L = 1000, and the collapse R/xi vs xi t.
    static func figure4(_ quick: Bool) -> FigureSpec {
        let l = quick ? 400 : 1000
        let xis: [Double] = [1, 2, 4, 8, 16]
        var runs: [String: RunSpec] = [:]
        for xi in xis { runs["master-xi\(format(xi))"] = ansatz(length: l, xi: xi, tMax: 1e8) }
        let note =
            "Rates Gamma_ab = c u_a u_b with c = gamma (measured; the paper writes "
            + "gamma^2, which only rescales time at gamma = 1)."
        let a = FigureManifest.Panel(
            id: "4a", title: "master equation, L = \(l)", xLabel: "time t (1/J)",
            yLabel: "width w(t) (sites)",
            curves: xis.map {
                .init(
                    label: "xi = \(format($0))", run: "master-xi\(format($0))",
                    observable: .rmsWidth)
            }, notes: [note])
        let b = FigureManifest.Panel(
            id: "4b", title: "collapse", xLabel: "xi t", yLabel: "w(t) / xi",
            curves: xis.map {
                .init(
                    label: "xi = \(format($0))", run: "master-xi\(format($0))",
                    observable: .rmsWidth, xScale: $0, yScale: 1 / $0)
            })
        return FigureSpec(
            manifest: FigureManifest(figure: "4", quick: quick, panels: [a, b]), runs: runs)
    }
}

import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra
import Propagation
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation
import Statistics
import Execution
import Formats
import Agreement

/// The exact noise averages behind the time-step bias at the run's own L, with no sampling:
/// per sampled disorder realization the exact closure (`ClosureSolver` `exact`) and the exact
/// average of the run's scheme at dt (`SchemeAverage` for lie and strang, the Gauss-Hermite
/// `PaperSchemeAverage` for paper), and for the first sampled realization also the scheme at
/// dt/2 over the early output times (`orderPlan`), from which the order of the bias is
/// measured (NaN at the later times of `firstHalf`).
///
/// bias(t) = [scheme at dt] - [exact] for the linear quantities (energy, density, rho_s),
/// and sqrt([m_scheme]) - sqrt([m_exact]) for the RMS observables, [.] the mean over the
/// sampled realizations (the run's first ones; with explicit potentials the one chain, so
/// the numbers are exact and deterministic).
package struct PreflightExact {
    /// Sample means of the flat `PreflightQuantities` vectors.
    package let exact: [Double]
    package let scheme: [Double]
    /// The estimated error of `scheme - exact` per flat component from computing on windows
    /// of the chain (`PreflightWindow`): the mean of the sampled realizations' estimates; 0
    /// where the whole chain was used.
    package let truncation: [Double]
    /// Sites of the window of each sampled realization (the chain when none was used).
    package let windows: [Range<Int>]
    /// The first sampled realization alone, at dt and dt/2 (the order of the bias; with
    /// windows on the previous window of its sequence, `PreflightWindow.previous`).
    package let firstExact: [Double]
    package let firstScheme: [Double]
    package let firstHalf: [Double]
    package let sampled: Int

    package enum Method {
        case exact
        case scheme(dt: Double)
    }

    /// With `goal` (per flat component, the truncation allowed) or `margins` (fixed window
    /// margins, the last one used, for tests) and a confined state (`PreflightWindow.applies`)
    /// each sampled realization is computed on a window; otherwise on the whole chain. With
    /// `budget` (estimated CPU seconds, `Preflight.exactCost`) `sample` is an upper bound:
    /// the first realization, and as many more as keep the estimate within the budget
    /// (`Preflight.automaticCount`; with windows each estimated as the first one's).
    package init(
        plan: PreflightPlan, quantities: PreflightQuantities, sample: Int, tolerance: Double,
        threads: Int, goal: [Double]? = nil, margins: [Int]? = nil, budget: Double? = nil
    ) throws {
        let most = plan.singleChain ? 1 : min(sample, plan.realizations)
        let d = quantities.dimension
        if (goal != nil || margins != nil)
            && PreflightWindow.applies(plan: plan, quantities: quantities)
        {
            // One task per realization: its windows (exact and scheme at dt), and for the first
            // the scheme at dt/2 on its previous window, where the order is measured (its exact
            // and scheme at dt are at hand). Packed: exact, scheme, truncation, then for the
            // first the order's half, exact and scheme, and the window's bounds.
            var windowCost = 0.0
            let body: @Sendable (Int) throws -> RunningStatistics = { r in
                let w = try PreflightWindow(
                    plan: plan, quantities: quantities, realization: r, tolerance: tolerance,
                    goal: goal, margins: margins)
                let zero = [Double](repeating: 0, count: d)
                let early = Self.orderPlan(plan)
                let half =
                    r == 0
                    ? Self.padded(
                        try PreflightWindow.series(
                            plan: early, quantities: PreflightQuantities(plan: early),
                            realization: r, method: .scheme(dt: plan.dt / 2),
                            tolerance: tolerance, sites: w.previous.sites),
                        from: PreflightQuantities(plan: early), to: quantities) : zero
                let first = r == 0 ? w.previous.exact + w.previous.scheme : zero + zero
                var one = RunningStatistics(dimension: 6 * d + 3)
                one.add(
                    w.exact + w.scheme + w.truncation + half + first
                        + [Double(w.sites.lowerBound), Double(w.sites.upperBound)]
                        + [
                            w.computed.map {
                                let c = Preflight.exactCost(
                                    plan: plan, length: $0, tolerance: tolerance)
                                return c.exact + c.scheme
                            }.reduce(0, +)
                        ])
                return one
            }
            // The first realization, then as many more as the budget allows (each estimated
            // at the first one's windows).
            var records = try RealizationRunner.run(realizations: [0], threads: 1, body: body)
            windowCost = records[0].noise.mean[6 * d + 2]
            let count =
                budget.map {
                    Preflight.automaticCount(each: windowCost, extra: 0, budget: $0, atMost: most)
                } ?? most
            if count > 1 {
                records += try RealizationRunner.run(
                    realizations: Array(1..<count), threads: threads, body: body)
            }
            sampled = count
            let vectors = records.map(\.noise.mean)
            func mean(_ part: Int) -> [Double] {
                var s = RunningStatistics(dimension: d)
                for v in vectors { s.add(Array(v[(part * d)..<((part + 1) * d)])) }
                return s.mean
            }
            exact = mean(0)
            scheme = mean(1)
            truncation = mean(2)
            firstHalf = Array(vectors[0][(3 * d)..<(4 * d)])
            firstExact = Array(vectors[0][(4 * d)..<(5 * d)])
            firstScheme = Array(vectors[0][(5 * d)..<(6 * d)])
            windows = vectors.map { Int($0[6 * d])..<Int($0[6 * d + 1]) }
            return
        }
        let full = Preflight.exactCost(plan: plan, length: plan.length, tolerance: tolerance)
        let count =
            budget.map {
                Preflight.automaticCount(
                    each: full.exact + full.scheme, extra: 2 * full.scheme, budget: $0,
                    atMost: most)
            } ?? most
        sampled = count
        // Longest tasks first: exact closures, then the scheme at dt/2, then at dt.
        let tasks: [(realization: Int, method: Method)] =
            (0..<count).map { ($0, .exact) } + [(0, .scheme(dt: plan.dt / 2))]
            + (0..<count).map { ($0, .scheme(dt: plan.dt)) }
        let records = try RealizationRunner.run(
            realizations: Array(tasks.indices), threads: threads
        ) { n in
            var one = RunningStatistics(dimension: quantities.dimension)
            if case .scheme(let dt) = tasks[n].method, dt != plan.dt {
                let early = Self.orderPlan(plan), q = PreflightQuantities(plan: early)
                one.add(
                    Self.padded(
                        try Self.series(
                            plan: early, quantities: q, realization: 0, method: tasks[n].method,
                            tolerance: tolerance), from: q, to: quantities))
            } else {
                one.add(
                    try Self.series(
                        plan: plan, quantities: quantities, realization: tasks[n].realization,
                        method: tasks[n].method, tolerance: tolerance))
            }
            return one
        }
        let vectors = records.map(\.noise.mean)
        func mean(_ range: Range<Int>) -> [Double] {
            var s = RunningStatistics(dimension: quantities.dimension)
            for n in range { s.add(vectors[n]) }
            return s.mean
        }
        exact = mean(0..<count)
        scheme = mean((count + 1)..<(2 * count + 1))
        firstExact = vectors[0]
        firstHalf = vectors[count]
        firstScheme = vectors[count + 1]
        truncation = [Double](repeating: 0, count: d)
        windows = Array(repeating: 0..<plan.length, count: count)
    }

    /// The plan the order of the bias is measured on (the scheme at dt/2 against dt): the run's
    /// output times up to a tenth of its last (at least its first three), so the extra run at
    /// dt/2 costs about a fifth of one run at dt instead of two. The order is a property of
    /// the scheme at dt, visible as soon as the bias is: its value at the later times adds
    /// nothing but cost.
    package static func orderPlan(_ plan: PreflightPlan) -> PreflightPlan {
        var early = plan
        let cap = (plan.times.last ?? 0) / 10
        let count = max(plan.times.filter { $0 <= cap }.count, min(3, plan.times.count))
        early.times = Array(plan.times.prefix(count))
        return early
    }

    /// A flat vector of `from`'s layout (the first output times of `to`'s) in `to`'s layout,
    /// NaN at the times it does not have.
    package static func padded(
        _ v: [Double], from: PreflightQuantities, to: PreflightQuantities
    ) -> [Double] {
        var out = [Double](repeating: .nan, count: to.dimension)
        for (name, shape) in to.layout.entries {
            for t in 0..<from.layout.times {
                for c in 0..<shape.size {
                    out[to.offset(name, time: t, index: c)] =
                        v[from.offset(name, time: t, index: c)]
                }
            }
        }
        return out
    }

    /// The followed quantities of realization r by one method, over the run's output times.
    package static func series(
        plan: PreflightPlan, quantities: PreflightQuantities, realization r: Int, method: Method,
        tolerance: Double
    ) throws -> [Double] {
        quantities.flatten(
            try observables(
                plan: plan, quantities: quantities, chain: plan.chain(realization: r),
                initial: plan.initial(realization: r), realization: r, method: method,
                tolerance: tolerance))
    }

    /// The exact energy, density (and rho_s when followed) of `chain` from `initial` by one
    /// method, over the run's output times.
    package static func observables(
        plan: PreflightPlan, quantities: PreflightQuantities, chain: Chain,
        initial: InitialState, realization r: Int, method: Method, tolerance: Double
    ) throws -> Observables {
        let names = Set(quantities.layout.entries.map(\.observable)).intersection([
            .energy, .density, .rhoS,
        ])
        switch (method, plan.scheme) {
        case (.exact, _):
            return try ClosureSolver(
                options: .init(scheme: .exact, tolerance: tolerance, observables: names)
            )
            .run(chain: chain, initial: initial, times: plan.times, realization: r)
        case (.scheme(let dt), .paper):
            return try paperSeries(
                chain: chain, initial: initial, times: plan.times, dt: dt, names: names,
                realization: r)
        case (.scheme(let dt), let scheme):
            return try ClosureSolver(options: .init(scheme: scheme, dt: dt, observables: names))
                .run(chain: chain, initial: initial, times: plan.times, realization: r)
        }
    }

    /// The paper scheme's exact average (quadrature over each kick) at the output times.
    package static func paperSeries(
        chain: Chain, initial: InitialState, times: [Double], dt: Double, names: Set<Observable>,
        realization r: Int
    ) throws -> Observables {
        let l = chain.length
        let average = try PaperSchemeAverage(chain: chain, dt: dt)
        var x = ClosureSolver.initialDensityMatrix(
            chain: chain, spectrum: chain.spectrum(), initial: initial)
        let particles = x.trace.real
        var energy: [Double] = [], density: [[Double]] = [], rhoS: [ComplexMatrix] = []
        var done = 0
        for t in times {
            let steps = Int((t / dt).rounded())
            for _ in done..<steps { x = average.step(x) }
            done = steps
            let trace = x.trace.real
            guard trace.isFinite, abs(trace - particles) <= 1e-8 * max(1, particles) else {
                throw InvariantViolation(
                    invariant: "Tr rho_s = N (paper scheme average)", time: t, realization: r,
                    detail: "trace \(trace)")
            }
            energy.append(chain.energy(of: x))
            density.append((0..<l).map { x.re[$0 * l + $0] })
            rhoS.append(x)
        }
        var obs = Observables()
        obs[.energy] = .scalar(energy)
        obs[.density] = .vector(density)
        if names.contains(.rhoS) { obs[.rhoS] = .complexMatrix(rhoS) }
        return obs
    }
}

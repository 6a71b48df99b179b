import Foundation
import ChainModel
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

/// The pilot trajectories of the preflight: the run's first R_p disorder realizations with M_p
/// noise realizations each (the same chains, initial states and noise streams as the run),
/// or, for one chain, R_p blocks of M_p of its noise realizations.
///
/// Each trajectory contributes one flat vector: the run's observables as `TrajectorySolver`
/// measures them (layout of `observables`), followed, for an excitation, by the second moment
/// of its profile per time. Per block the mean and within-block variance are kept
/// (`RunningStatistics`), from which `VarianceComponents` are estimated.
///
/// Companions (nonlinear observables only): the first trajectory of each block also runs at
/// dt/2 on the SAME Brownian path, each kick theta of step dt split into the two halves
/// theta/2 +- sqrt(gamma dt)/2 xi with xi ~ N(0, 1) from the `bridge` stream (a Brownian
/// bridge: each half ~ N(0, gamma dt/2), independent of the other), so the difference of the
/// two runs is the time-step effect with little of the noise in it.
package struct PreflightPilot {
    /// Names the pilot measures, in the trajectory solver's layout order.
    package let layout: ObservableLayout
    /// Per block: statistics of the per-trajectory vectors.
    package let blocks: [RunningStatistics]
    /// Per companion: one sample of (value at dt) - (value at dt/2) for the nonlinear entries
    /// (layout order, all times); empty when there are none.
    package let companions: [[Double]]
    package let nonlinearLayout: ObservableLayout
    /// Offset of the second moments (after the measured layout), when followed.
    package var momentOffset: Int { layout.dimension }

    package init(plan: PreflightPlan, realizations: Int, noise: Int, threads: Int) throws {
        let nonlinear = plan.nonlinearObservables
        let names = Set(
            [.energy, .density] + (plan.exactObservables.contains(.rhoS) ? [.rhoS] : []) + nonlinear
        )
        let solver = TrajectorySolver(
            options: .init(
                scheme: plan.scheme, dt: plan.dt, noiseRealizations: noise, seed: plan.seed,
                observables: names))
        let initial0 = plan.initial(realization: 0)
        let layout = solver.layout(length: plan.length, initial: initial0, times: plan.times.count)
        let nonlinearLayout = ObservableLayout(
            times: plan.times.count,
            entries: layout.entries.filter { nonlinear.contains($0.observable) })
        self.layout = layout
        self.nonlinearLayout = nonlinearLayout
        let select = Self.selector(from: layout, to: nonlinearLayout)
        let differences = Collected()
        blocks = try RealizationRunner.run(realizations: Array(0..<realizations), threads: threads)
        { b in
            var stats = RunningStatistics(
                dimension: layout.dimension + (plan.excitation ? plan.times.count : 0))
            for m in 0..<noise {
                let pair = try Self.trajectory(
                    plan: plan, solver: solver, layout: layout,
                    realization: plan.singleChain ? 0 : b,
                    noise: plan.singleChain ? b * noise + m : m, refine: m == 0 && !select.isEmpty)
                stats.add(pair.coarse)
                if let fine = pair.fine {
                    differences.put(b, select.map { pair.coarse[$0] - fine[$0] })
                }
            }
            return stats
        }.map(\.noise)
        companions = differences.values
    }

    /// The companions' differences, collected from the worker threads by block.
    package final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var byBlock: [Int: [Double]] = [:]

        package func put(_ block: Int, _ value: [Double]) {
            lock.lock()
            byBlock[block] = value
            lock.unlock()
        }

        /// In block order.
        package var values: [[Double]] {
            lock.lock()
            defer { lock.unlock() }
            return byBlock.keys.sorted().map { byBlock[$0]! }
        }
    }

    /// Indices of the entries of `sub` (a sub-list of `layout`'s entries) in `layout`'s flat
    /// vector.
    package static func selector(from layout: ObservableLayout, to sub: ObservableLayout) -> [Int] {
        var out: [Int] = [], start = 0
        for (name, shape) in layout.entries {
            let size = shape.size * layout.times
            if sub.entries.contains(where: { $0.observable == name }) {
                out += Array(start..<(start + size))
            }
            start += size
        }
        return out
    }

    /// Trajectory (r, m) of the run at dt (and, with `refine`, its companion at dt/2 on the same
    /// Brownian path), each as the flat vector described above.
    package static func trajectory(
        plan: PreflightPlan, solver: TrajectorySolver, layout: ObservableLayout, realization r: Int,
        noise m: Int, refine: Bool
    ) throws -> (coarse: [Double], fine: [Double]?) {
        let chain = plan.chain(realization: r), initial = plan.initial(realization: r)
        let spectrum = chain.spectrum()
        let coarse = SchemeStepper(
            scheme: plan.scheme, spectrum: spectrum, dt: plan.dt, gammas: chain.gammas)
        let fine = SchemeStepper(
            scheme: plan.scheme, spectrum: spectrum, dt: plan.dt / 2, gammas: chain.gammas)
        let amplitudes = chain.gammas.map { ($0 * plan.dt).squareRoot() }, sites = amplitudes.count
        var noise = CounterRNG(seed: plan.seed, stream: .noise, realization: r, noiseRealization: m)
        var bridge = CounterRNG(
            seed: plan.seed, stream: .bridge, realization: r, noiseRealization: m)
        var a = SlaterState(initial: initial, spectrum: spectrum), b = a
        var seriesA = SeriesBuilder(), seriesB = SeriesBuilder()
        var done = 0
        for t in plan.times {
            let steps = Int((t / plan.dt).rounded())
            // The run's own draws: step after step, within a step in the order of the noisy sites.
            let thetas = (done..<steps).flatMap { _ in amplitudes.map { $0 * noise.nextGaussian() }
            }
            done = steps
            coarse.advance(&a, thetas: thetas)
            try solver.measure(
                a, at: t, realization: r, spectrum: spectrum, initial: initial, layout: layout,
                into: &seriesA)
            if refine {
                // Each step's angles split into two half steps by a Brownian bridge per site.
                var halves: [Double] = []
                for k in stride(from: 0, to: thetas.count, by: sites) {
                    let split = (0..<sites).map { s in
                        (thetas[k + s], amplitudes[s] / 2 * bridge.nextGaussian())
                    }
                    halves += split.map { $0.0 / 2 + $0.1 }
                    halves += split.map { $0.0 / 2 - $0.1 }
                }
                fine.advance(&b, thetas: halves)
                try solver.measure(
                    b, at: t, realization: r, spectrum: spectrum, initial: initial, layout: layout,
                    into: &seriesB)
            }
        }
        func vector(_ series: SeriesBuilder) -> [Double] {
            let observables = series.observables
            var out = layout.flatten(observables)
            if case .excitation(let j) = initial, case .vector(let density)? = observables[.density]
            {
                out += density.map { PreflightQuantities.secondMoment($0, site: j) }
            }
            return out
        }
        return (vector(seriesA), refine ? vector(seriesB) : nil)
    }
}

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
/// dt/2, from which the order of the bias is measured.
///
/// bias(t) = [scheme at dt] - [exact] for the linear quantities (energy, density, rho_s),
/// and sqrt([m_scheme]) - sqrt([m_exact]) for the RMS observables, [.] the mean over the
/// sampled realizations (the run's first ones; with explicit potentials the one chain, so
/// the numbers are exact and deterministic).
package struct PreflightExact {
    /// Sample means of the flat `PreflightQuantities` vectors.
    package let exact: [Double]
    package let scheme: [Double]
    /// The first sampled realization alone, at dt and dt/2 (the order of the bias).
    package let firstExact: [Double]
    package let firstScheme: [Double]
    package let firstHalf: [Double]
    package let sampled: Int

    package enum Method {
        case exact
        case scheme(dt: Double)
    }

    package init(
        plan: PreflightPlan, quantities: PreflightQuantities, sample: Int, tolerance: Double,
        threads: Int
    ) throws {
        let count = plan.singleChain ? 1 : min(sample, plan.realizations)
        // Longest tasks first: exact closures, then the scheme at dt/2, then at dt.
        let tasks: [(realization: Int, method: Method)] =
            (0..<count).map { ($0, .exact) } + [(0, .scheme(dt: plan.dt / 2))]
            + (0..<count).map { ($0, .scheme(dt: plan.dt)) }
        let records = try RealizationRunner.run(
            realizations: Array(tasks.indices), threads: threads
        ) { n in
            var one = RunningStatistics(dimension: quantities.dimension)
            one.add(
                try Self.series(
                    plan: plan, quantities: quantities, realization: tasks[n].realization,
                    method: tasks[n].method, tolerance: tolerance))
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
        sampled = count
    }

    /// The followed quantities of realization r by one method, over the run's output times.
    package static func series(
        plan: PreflightPlan, quantities: PreflightQuantities, realization r: Int, method: Method,
        tolerance: Double
    ) throws -> [Double] {
        let chain = plan.chain(realization: r), initial = plan.initial(realization: r)
        let names = Set(quantities.layout.entries.map(\.observable)).intersection([
            .energy, .density, .rhoS,
        ])
        switch (method, plan.scheme) {
        case (.exact, _):
            return quantities.flatten(
                try ClosureSolver(
                    options: .init(scheme: .exact, tolerance: tolerance, observables: names)
                )
                .run(chain: chain, initial: initial, times: plan.times, realization: r))
        case (.scheme(let dt), .paper):
            return quantities.flatten(
                try paperSeries(
                    chain: chain, initial: initial, times: plan.times, dt: dt, names: names,
                    realization: r))
        case (.scheme(let dt), let scheme):
            return quantities.flatten(
                try ClosureSolver(options: .init(scheme: scheme, dt: dt, observables: names))
                    .run(chain: chain, initial: initial, times: plan.times, realization: r))
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

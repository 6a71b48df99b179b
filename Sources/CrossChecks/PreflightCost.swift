import Foundation
import ChainModel
import RunSpecification
import Execution
import SolverRuns
import NoiseClosure

extension Preflight {
    /// Refuses a planned trajectories run that cannot fit or finish, and a preflight whose own
    /// work cannot (it cannot be resumed): the run as `trajectories` refuses it; the pilot's
    /// R x M trajectories, each also at dt/2 (three times one trajectory's steps); and the
    /// exact closure and exact scheme average at the run's L for `sample` realizations (and at
    /// dt/2, dt/4 once more: counted as six more), each as that closure run would cost. At most
    /// 30 days of the threads at `RunCost.assumedRate`.
    public static func checkCost(_ spec: RunSpec, settings: PreflightSettings) throws {
        guard case .trajectories(let scheme, let dt, _) = spec.solver else { return }
        try EnsembleRun.checkCost(try EnsembleJob(spec), threads: settings.threads, shard: (1, 1))
        var pilotRun = spec
        pilotRun.solver = .trajectories(
            scheme: scheme, dt: dt, noiseRealizations: 3 * settings.pilotNoise)
        let closures = [Scheme.exact, scheme == .lie ? .lie : .strang].map { s -> RunSpec in
            var closure = spec
            closure.solver = .closure(scheme: s, dt: dt, tolerance: settings.tolerance)
            closure.observables = nil
            return closure
        }
        let jobs = try ([pilotRun] + closures).map { try EnsembleJob($0) }
        let counts = [settings.pilotRealizations, settings.sample + 6, settings.sample + 6]
        for (job, (count, option)) in zip(jobs, zip(counts, ["pilot", "sample", "sample"])) {
            let workers = max(1, min(settings.threads, count))
            do {
                try job.cost.check(workers: workers, memoryOptions: "\(option)/length/threads")
            } catch let e as InputError {
                throw InputError(
                    option: e.option, value: e.value,
                    allowed: e.allowed + " (the preflight's own work)")
            }
            let days =
                Double(count) * job.cost.operations / RunCost.assumedRate / Double(workers) / 86_400
            guard days <= 30 else {
                throw InputError(
                    option: option, value: "",
                    allowed: String(
                        format:
                            "with the run's size the preflight needs about %.3g days of %d "
                            + "thread(s) at 1e10 operations/s; "
                            + "allowed at most 30 days (it cannot be resumed)", days, workers))
            }
        }
    }

    /// Fraction of the planned run's estimated cost within which the automatic sample keeps
    /// the exact part's estimated cost.
    package static let automaticSampleFraction = 0.1

    /// Estimated CPU seconds (`RunCost` operations at `RunCost.assumedRate`) of the exact
    /// closure and the scheme's exact average at `dt` on `length` sites of the plan's chain:
    /// one realization's exact part on that window. The paper scheme's quadrature average:
    /// per step and Gauss-Hermite node two complex L x L products (16 L^3).
    package static func exactCost(
        plan: PreflightPlan, length: Int, tolerance: Double
    ) -> (exact: Double, scheme: Double) {
        let spec = chainSpec(plan)
        let layout = ObservableLayout(
            times: plan.times.count, entries: [(.energy, .scalar), (.density, .vector(length))])
        var paper = 0.0
        if plan.scheme == .paper {
            let nodes = PaperSchemeAverage.nodeCount(gamma: spec.totalGamma, dt: plan.dt)
            let steps = ((plan.times.last ?? 0) / plan.dt).rounded(.up)
            paper = steps * Double(nodes) * 16 * pow(Double(length), 3) / RunCost.assumedRate
        }
        let costs = [Scheme.exact, plan.scheme == .paper ? .strang : plan.scheme].map { scheme in
            ClosureSolver(options: .init(scheme: scheme, dt: plan.dt, tolerance: tolerance))
                .cost(
                    length: length, noisySites: spec.noiseSites.count,
                    spectralWidth: spec.spectralWidth, gamma: spec.totalGamma, layout: layout,
                    lastTime: plan.times.last ?? 0
                ).operations / RunCost.assumedRate
        }
        return (costs[0], plan.scheme == .paper ? paper : costs[1])
    }

    /// The automatic sample: 1 + as many more realizations (of the same estimated cost
    /// `each`) as fit in `budget` after the first one and the fixed extra work, at most
    /// `atMost`.
    package static func automaticCount(
        each: Double, extra: Double, budget: Double, atMost: Int
    ) -> Int {
        guard each > 0 else { return atMost }
        let more = ((budget - extra - each) / each).rounded(.down)
        return max(1, min(atMost, 1 + (more.isFinite ? Int(max(more, 0)) : 0)))
    }

    /// The plan's chain as a `ChainSpec` (its noisy sites and strengths from its chain).
    package static func chainSpec(_ plan: PreflightPlan) -> ChainSpec {
        let chain = plan.chain(realization: 0)
        return ChainSpec(
            length: plan.length, hopping: plan.hopping, disorder: plan.disorder,
            potentials: plan.potentials, noiseSites: chain.noiseSites, gammas: chain.gammas,
            seed: plan.seed, realizations: plan.realizations)
    }
}

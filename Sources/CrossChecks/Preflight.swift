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
import RunSpecification

/// The preflight of a planned `trajectories` run (`validate` with the run's options): will the
/// run be right, and how precise will it be?
///
/// 1. The exact checks at the run's physics on a small chain (`PreflightSmallChain`).
/// 2. The time-step bias at the run's L, exactly (`PreflightExact`): the scheme's exact noise
///    average at dt minus the exact closure, at every output time, over a sample of the run's
///    disorder realizations (`settings.automaticSample`: as many, up to `sample`, as keep the
///    estimated cost within `automaticSampleFraction` of the run's). For an excitation, on a
///    window of the chain (`PreflightWindow`) with a truncation estimate per component that
///    the verdict adds to its allowance; the window's goal comes from part 3, which runs
///    first.
/// 3. The standard error the run will have (`PreflightPilot`, `VarianceComponents`): the
///    disorder and noise variance components from a pilot of the run's first trajectories,
///    scaled to R x M.
/// 4. The verdict (`ObservableVerdict`): for each observable the run writes with an exact
///    average (else energy and density as witnesses), PASS when at every judged output time
///    |bias| / sqrt(planned_stderr^2 + allowance^2) <= budget, a vector by its Euclidean norm
///    over components; otherwise the failing times, the cheapest remedy (dropping early
///    times, or the largest dt that would pass, from the order measured between dt and dt/2)
///    and, with a target, the realizations it needs.
/// 5. Observables with no exact average (entanglement, its profile, nn): the difference of
///    pilot runs at dt and dt/2 with its standard error, an estimate, not a verdict.
public struct Preflight {
    public let plan: PreflightPlan
    public let settings: PreflightSettings

    public init(plan: PreflightPlan, settings: PreflightSettings) {
        self.plan = plan
        self.settings = settings
    }

    public struct Report: Sendable {
        public var rows: [ReportRow]
        public var verdicts: [ObservableVerdict]
        public var estimates: [ObservableEstimate]
        public var sampled: Int
        /// CPU seconds of the process during the preflight (user + system, all its threads).
        public var seconds: Double = 0
        /// The planned run's estimated CPU seconds (`RunCost` operations at
        /// `RunCost.assumedRate`, all realizations).
        public var runEstimateSeconds: Double = 0
        /// Sites of the window the exact bias used, per sampled realization (L: the chain).
        public var windows: [Int] = []
        /// The verdict: every observable with an exact average within the budget.
        public var passed: Bool { verdicts.allSatisfy(\.passed) }
        /// The largest dt at which every observable would pass; nil when there is no bias, or a
        /// failing observable gives no step (no usable order, or no noise at its worst point).
        public var suggestedDt: Double? {
            verdicts.contains { !$0.passed && $0.largestDt == nil }
                ? nil : verdicts.compactMap(\.largestDt).min()
        }
    }

    /// Runs every part; `progress` is told what starts (on the calling thread).
    public func run(progress: (String) -> Void = { _ in }) throws -> Report {
        let cpu0 = Self.cpuSeconds()
        progress("exact checks on a small chain")
        let rows = PreflightSmallChain.rows(plan: plan, settings: settings)
        let q = PreflightQuantities(plan: plan)
        // The pilot first: its planned standard errors set the windows' truncation goals.
        progress("pilot \(settings.pilotRealizations) x \(settings.pilotNoise)")
        var start = Date()
        let pilot = try PreflightPilot(
            plan: plan, realizations: settings.pilotRealizations, noise: settings.pilotNoise,
            threads: settings.threads)
        let pilotSeconds = Date().timeIntervalSince(start)
        let most = plan.singleChain ? 1 : min(settings.sample, plan.realizations)
        progress(
            "exact noise averages at L = \(plan.length) (sample of "
                + (settings.automaticSample && most > 1
                    ? "at most \(most): as many as keep the estimate within "
                        + "\(Int(Self.automaticSampleFraction * 100)) % of the run's)"
                    : "\(most))"))
        start = Date()
        let exact = try PreflightExact(
            plan: plan, quantities: q, sample: settings.sample, tolerance: settings.tolerance,
            threads: settings.threads,
            goal: Self.windowGoals(plan: plan, settings: settings, quantities: q, pilot: pilot),
            budget: settings.automaticSample
                ? Self.automaticSampleFraction * Self.runEstimate(plan) : nil)
        let exactSeconds = Date().timeIntervalSince(start)
        let judge = PreflightJudge(
            plan: plan, settings: settings, quantities: q, exact: exact, pilot: pilot)
        let verdicts = judge.verdicts(), estimates = judge.estimates()
        var report = Report(
            rows: rows, verdicts: verdicts, estimates: estimates, sampled: exact.sampled)
        report.windows = exact.windows.map(\.count)
        let text = PreflightRows(plan: plan, settings: settings, sampled: exact.sampled)
        var verdict = text.verdictRow(report)
        verdict.seconds = exactSeconds + pilotSeconds
        report.rows += verdicts.map(text.row) + [verdict] + estimates.map(text.row)
        report.seconds = Self.cpuSeconds() - cpu0
        report.runEstimateSeconds = Self.runEstimate(plan)
        return report
    }

    /// The truncation a window may have, per flat component of `PreflightQuantities`:
    /// `windowGoalFraction` of the largest planned standard error of its observable at that
    /// time (energy, density over all sites, second moment), at least the exact closure's own
    /// error bound (tolerance sqrt(N)); unlimited for a quantity the verdict does not judge
    /// (`PreflightPlan.exactObservables`: the second moment stands for the RMS observables).
    /// Added to the verdict's allowance in quadrature, it changes the judged scale of the
    /// worst component of a time by at most 0.5 %; a component whose own planned error is
    /// smaller (the profile's far tail) is judged against the truncation there. Nil when no
    /// window applies.
    package static func windowGoals(
        plan: PreflightPlan, settings: PreflightSettings, quantities q: PreflightQuantities,
        pilot: PreflightPilot
    ) -> [Double]? {
        guard PreflightWindow.applies(plan: plan, quantities: q) else { return nil }
        let planned = VarianceComponents(blocks: pilot.blocks, singleChain: plan.singleChain)
            .plannedVariance(realizations: plan.realizations, noise: plan.noiseRealizations)
        let floor = settings.tolerance * Double(plan.initial(realization: 0).particles).squareRoot()
        var goal = [Double](repeating: 0, count: q.dimension)
        let judged = Set(plan.exactObservables)
        func judges(_ o: Observable) -> Double {
            switch o {
            case .secondMoment:
                return judged.isDisjoint(with: [.rmsWidth, .rmsDisplacement]) ? .infinity : 1
            default: return judged.contains(o) ? 1 : .infinity
            }
        }
        for t in plan.times.indices {
            let energy = planned[pilot.offset(.energy, time: t)].squareRoot()
            goal[q.offset(.energy, time: t)] =
                judges(.energy) * windowGoalFraction * max(energy, floor)
            let density =
                (0..<plan.length).map {
                    planned[pilot.offset(.density, time: t, index: $0)].squareRoot()
                }.max() ?? 0
            for i in 0..<plan.length {
                goal[q.offset(.density, time: t, index: i)] =
                    judges(.density) * windowGoalFraction * max(density, floor)
            }
            let moment = planned[pilot.momentOffset + t].squareRoot()
            goal[q.offset(.secondMoment, time: t)] =
                judges(.secondMoment) * windowGoalFraction * max(moment, floor)
        }
        return goal
    }

    /// Fraction of the planned standard error a window's truncation may reach.
    package static let windowGoalFraction = 0.1

    /// CPU seconds of this process so far (user + system, all threads).
    package static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
    }

    /// The planned run's estimated CPU seconds: its solver's operation count per realization
    /// (`RunCost`) times the realizations, at `RunCost.assumedRate`.
    package static func runEstimate(_ plan: PreflightPlan) -> Double {
        let initial = plan.initial(realization: 0), spec = chainSpec(plan)
        let solver = plan.solver
        let cost = solver.cost(
            chain: spec, initial: initial,
            layout: solver.layout(length: plan.length, initial: initial, times: plan.times.count),
            lastTime: plan.times.last ?? 0)
        return cost.operations * Double(plan.singleChain ? 1 : plan.realizations)
            / RunCost.assumedRate
    }
}

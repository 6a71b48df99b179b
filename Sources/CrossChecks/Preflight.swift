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

/// The preflight of a planned `trajectories` run (`validate` with the run's options): will the
/// run be right, and how precise will it be?
///
/// 1. The exact checks at the run's physics on a small chain (`PreflightSmallChain`).
/// 2. The time-step bias at the run's L, exactly (`PreflightExact`): the scheme's exact noise
///    average at dt minus the exact closure, at every output time, over a sample of the run's
///    disorder realizations.
/// 3. The standard error the run will have (`PreflightPilot`, `VarianceComponents`): the
///    disorder and noise variance components from a pilot of the run's first trajectories,
///    scaled to R x M.
/// 4. The verdict (`ObservableVerdict`): PASS when max_t |bias| / planned_stderr <= budget for
///    every observable with an exact average; otherwise the worst time, the largest dt that
///    would pass (from the order measured between dt and dt/2) and, with a target, the
///    realizations it needs.
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
        progress("exact checks on a small chain")
        let rows = PreflightSmallChain.rows(plan: plan, settings: settings)
        let q = PreflightQuantities(plan: plan)
        progress(
            "exact noise averages at L = \(plan.length) (sample of "
                + "\(plan.singleChain ? 1 : min(settings.sample, plan.realizations)))"
        )
        var start = Date()
        let exact = try PreflightExact(
            plan: plan, quantities: q, sample: settings.sample, tolerance: settings.tolerance,
            threads: settings.threads)
        let exactSeconds = Date().timeIntervalSince(start)
        progress("pilot \(settings.pilotRealizations) x \(settings.pilotNoise)")
        start = Date()
        let pilot = try PreflightPilot(
            plan: plan, realizations: settings.pilotRealizations, noise: settings.pilotNoise,
            threads: settings.threads)
        let pilotSeconds = Date().timeIntervalSince(start)
        let judge = PreflightJudge(
            plan: plan, settings: settings, quantities: q, exact: exact, pilot: pilot)
        let verdicts = judge.verdicts(), estimates = judge.estimates()
        var report = Report(
            rows: rows, verdicts: verdicts, estimates: estimates, sampled: exact.sampled)
        let text = PreflightRows(plan: plan, settings: settings, sampled: exact.sampled)
        var verdict = text.verdictRow(report)
        verdict.seconds = exactSeconds + pilotSeconds
        report.rows += verdicts.map(text.row) + [verdict] + estimates.map(text.row)
        return report
    }
}

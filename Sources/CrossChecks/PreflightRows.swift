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

/// How the preflight's results read: table rows (with the worst time, the suggestion, the
/// estimate in the detail) and the `preflight` object of the JSON report.
package struct PreflightRows {
    package static let group = "preflight"
    package let plan: PreflightPlan
    package let settings: PreflightSettings
    package let sampled: Int

    package var label: String { "L=\(plan.length) \(plan.scheme.rawValue) dt=\(plan.dt)" }
    package var statistics: String {
        plan.singleChain
            ? "one chain, M = \(plan.noiseRealizations)"
            : "R x M = \(plan.realizations) x \(plan.noiseRealizations)"
    }

    package static func number(_ x: Double) -> String { String(format: "%.3g", x) }

    /// Where the bias of an observable exceeds the budget, in words: "within the budget at all
    /// 48 judged output times (t = 0.1...1e+04)", "above the budget at the first 2 judged output
    /// times (t <= 0.2); within it for t >= 0.3", "above it from t = 500 on (the last 6)", or
    /// the failing times themselves.
    package static func sentence(_ v: ObservableVerdict) -> String {
        let judged = v.judgedTimes, failing = v.failingTimes, passing = v.passingTimes
        let span = "t = \(number(judged.first ?? 0))...\(number(judged.last ?? 0))"
        let k = failing.count, plural = k == 1 ? "" : "s"
        if failing.isEmpty {
            return "within the budget at all \(judged.count) judged output times (\(span))"
        }
        if passing.isEmpty {
            return "above the budget at every judged output time with a bias (\(k), t = "
                + "\(number(failing[0]))...\(number(failing[k - 1])))"
        }
        if v.failsOnlyEarly {
            return "above the budget at the first \(k) judged output time\(plural) "
                + "(t <= \(number(failing[k - 1]))); within it for t >= \(number(passing[0]))"
        }
        if v.failsOnlyLate {
            return "above the budget from t = \(number(failing[0])) on (the last \(k) judged "
                + "output time\(plural)); within it for t <= \(number(passing.last!))"
        }
        let shown = failing.prefix(6).map(number).joined(separator: ", ")
        return "above the budget at \(k) of \(judged.count) judged output times: t = \(shown)"
            + (k > 6 ? ", ..." : "")
    }

    package func row(_ v: ObservableVerdict) -> ReportRow {
        let t = v.times.firstIndex(of: v.worstTime) ?? 0
        let norm = v.name.isTransport || v.name == .energy ? "" : " (norms over components)"
        var detail =
            Self.sentence(v) + "; worst at t = \(Self.number(v.worstTime)): |bias| "
            + "\(Self.number(abs(v.bias[t]))), planned stderr \(Self.number(v.plannedStderr[t]))"
            + "\(norm) (\(statistics))"
        if let p = v.order { detail += "; order of the bias \(String(format: "%.2f", p))" }
        return ReportRow(
            group: Self.group, name: "\(label): \(v.name) |bias| / planned stderr (max over t)",
            measured: v.worstRatio,
            tolerance: settings.budget, criterion: "<= \(settings.budget)",
            outcome: v.passed ? .pass : .fail, detail: detail)
    }

    /// The cheapest way to a passing verdict: when every failing observable fails only at its
    /// first judged output times, judging (or writing) only the later times costs nothing;
    /// otherwise, or besides, the largest passing dt and the run's cost at it (the number of
    /// steps, so the cost, scales as 1/dt).
    package func remedy(_ report: Preflight.Report) -> [String] {
        let failing = report.verdicts.filter { !$0.passed }
        guard !failing.isEmpty else { return [] }
        var parts: [String] = []
        let last = failing.compactMap(\.failingTimes.last).max() ?? 0
        if failing.allSatisfy(\.failsOnlyEarly),
            let from = plan.times.first(where: { $0 > last && settings.window.contains($0) }),
            report.verdicts.allSatisfy({ v in !v.failingTimes.contains { $0 > last } })
        {
            parts.append(
                "cheapest remedy: drop the output times t <= \(Self.number(last)) or judge only "
                    + "t >= \(Self.number(from)) (--verdict-window \(Self.number(from)):), at no "
                    + "cost")
        }
        if let dt = report.suggestedDt {
            parts.append(
                "largest dt that would pass: \(Self.number(dt)) (\(orderUsed(report)); the run "
                    + "would cost \(String(format: "%.2g", plan.dt / dt))x as much)")
        }
        return parts
    }

    /// How the suggested dt was extrapolated: the measured order, capped at the scheme's weak
    /// order (`ObservableVerdict.largestDt`).
    package func orderUsed(_ report: Preflight.Report) -> String {
        let p = report.verdicts.first { $0.largestDt == report.suggestedDt }?.order ?? .nan
        let measured = "measured order \(String(format: "%.2f", p))"
        guard let weak = plan.scheme.weakOrder, p > 1.05 * weak else { return measured }
        return measured + ", extrapolated at the scheme's weak order \(Self.number(weak))"
    }

    package func verdictRow(_ report: Preflight.Report) -> ReportRow {
        let verdicts = report.verdicts
        let worst = verdicts.max { $0.worstRatio < $1.worstRatio }!
        var parts: [String] = []
        if plan.judgesWitnesses {
            parts.append(
                "the run writes no observable with an exact average: the energy and density are "
                    + "judged as witnesses of the time-step error")
        }
        if !report.passed {
            parts.append("worst: \(worst.name) at t = \(Self.number(worst.worstTime))")
        }
        parts += remedy(report)
        if report.passed, let dt = report.suggestedDt {
            parts.append("largest dt that would pass: \(Self.number(dt)) (\(orderUsed(report)))")
        } else if verdicts.allSatisfy({ $0.worstRatio == 0 }) {
            parts.append("no time-step bias at these parameters")
        } else if let v = verdicts.first(where: { !$0.passed && $0.noiseless }) {
            parts.append(
                "no dt of this scheme is suggested: at t = \(Self.number(v.worstTime)) the "
                    + "run has no noise in \(v.name) "
                    + "(planned stderr at round-off), so any bias there fails")
        } else if report.suggestedDt == nil {
            parts.append(
                "largest passing dt not available: the order between dt and dt/2 is not measurable")
        }
        if let target = settings.targetStderr {
            let unit = plan.singleChain ? "noise realizations" : "realizations"
            parts.append(
                "for --target-stderr \(target): "
                    + verdicts.map { "\($0.name) \($0.needed ?? 0)" }.joined(separator: ", ")
                    + " \(unit)")
        }
        return ReportRow(
            group: Self.group,
            name: "\(label): verdict over \(verdicts.map(\.name.rawValue).joined(separator: ", "))",
            measured: worst.worstRatio, tolerance: settings.budget,
            criterion: "<= \(settings.budget)",
            outcome: report.passed ? .pass : .fail, detail: parts.joined(separator: "; "))
    }

    package func row(_ e: ObservableEstimate) -> ReportRow {
        let t = plan.times.firstIndex(of: e.worstTime) ?? 0
        return ReportRow(
            group: Self.group,
            name: "\(label): \(e.name) dt vs dt/2, |difference| / planned stderr (estimate)",
            measured: e.worstRatio, tolerance: settings.budget,
            criterion: "estimate, not a verdict", outcome: .estimate,
            detail:
                "largest at t = \(Self.number(e.worstTime)): difference "
                + "\(Self.number(e.difference[t])) +- "
                + "\(Self.number(e.stderr[t])) (pilot pairs on the same noise), planned "
                + "stderr \(Self.number(e.plannedStderr[t]))"
        )
    }

    /// The `preflight` object of `validate --output`.
    package func json(_ report: Preflight.Report) -> JSONValue {
        func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        var observables: [(String, JSONValue)] = []
        for v in report.verdicts {
            var o: [(String, JSONValue)] = [
                ("norm", .string(v.name.isTransport || v.name == .energy ? "none" : "l2")),
                ("bias", .numbers(v.bias)), ("planned_stderr", .numbers(v.plannedStderr)),
                ("allowance", .numbers(v.allowance)), ("ratio", .numbers(v.ratio)),
                ("judged", .array(v.judged.map { .bool($0) })),
                ("failing_times", .numbers(v.failingTimes)),
                ("summary", .string(Self.sentence(v))),
                ("worst_ratio", .number(v.worstRatio)), ("passed", .bool(v.passed)),
                ("worst_time", .number(v.worstTime)), ("order", optional(v.order)),
                ("largest_dt", optional(v.largestDt)),
            ]
            if let n = v.needed {
                o.append(
                    (
                        plan.singleChain ? "noise_realizations_needed" : "realizations_needed",
                        .number(Double(n))
                    ))
            }
            observables.append((v.name.rawValue, .object(o)))
        }
        let estimates: [(String, JSONValue)] = report.estimates.map { e in
            (
                e.name.rawValue,
                .object([
                    ("difference", .numbers(e.difference)), ("stderr", .numbers(e.stderr)),
                    ("planned_stderr", .numbers(e.plannedStderr)),
                    ("worst_ratio", .number(e.worstRatio)),
                    ("worst_time", .number(e.worstTime)),
                ])
            )
        }
        return .object([
            ("passed", .bool(report.passed)),
            ("scheme", .string(plan.scheme.rawValue)),
            ("dt", .number(plan.dt)),
            ("length", .number(Double(plan.length))),
            ("sampled_realizations", .number(Double(report.sampled))),
            ("times", .numbers(plan.times)),
            ("observables", .object(observables)),
            ("suggested_dt", optional(report.suggestedDt)),
            ("budget", .number(settings.budget)),
            (
                "verdict_window",
                .array([
                    .number(settings.window.lowerBound),
                    settings.window.upperBound.isFinite
                        ? .number(settings.window.upperBound) : .null,
                ])
            ),
            ("noise_sites", .numbers(plan.noiseSites.map { Double($0 + 1) })),
            ("gammas", .numbers(plan.gammas)),
            ("judged_as_witnesses", .bool(plan.judgesWitnesses)),
            ("realizations", .number(Double(plan.realizations))),
            ("noise_realizations", .number(Double(plan.noiseRealizations))),
            ("pilot", .string("\(settings.pilotRealizations)x\(settings.pilotNoise)")),
            ("estimates", .object(estimates)),
            (
                "cost",
                .object([
                    ("cpu_seconds", .number(report.seconds)),
                    ("run_estimate_seconds", .number(report.runEstimateSeconds)),
                    ("exact_window_sites", .numbers(report.windows.map(Double.init))),
                ])
            ),
        ])
    }
}

extension Preflight.Report {
    /// The `preflight` object of the JSON report.
    public func json(plan: PreflightPlan, settings: PreflightSettings) -> JSONValue {
        PreflightRows(plan: plan, settings: settings, sampled: sampled).json(self)
    }
}

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

    /// Where a component sits: a 1-based site for a vector, an entry for rho_s.
    package func place(_ name: Observable, component c: Int) -> String {
        switch name {
        case .density: return " at site \(c + 1)"
        case .rhoS:
            let l = plan.length, part = c < l * l ? "re" : "im", n = c % (l * l)
            return " at \(part) rho_s[\(n % l + 1)][\(n / l + 1)]"
        default: return ""
        }
    }

    package func row(_ v: ObservableVerdict) -> ReportRow {
        var detail =
            "worst at t = "
            + "\(Self.number(v.worstTime))\(place(v.name, component: v.worstComponent)): " + "bias "
            + "\(Self.number(v.worstBias)), planned stderr \(Self.number(v.worstStderr)) "
            + "(\(statistics))"
        if let p = v.order { detail += "; order of the bias \(String(format: "%.2f", p))" }
        return ReportRow(
            group: Self.group, name: "\(label): \(v.name) |bias| / planned stderr (max over t)",
            measured: v.worstRatio,
            tolerance: settings.budget, criterion: "<= \(settings.budget)",
            outcome: v.passed ? .pass : .fail, detail: detail)
    }

    package func verdictRow(_ report: Preflight.Report) -> ReportRow {
        let verdicts = report.verdicts
        let worst = verdicts.max { $0.worstRatio < $1.worstRatio }!
        var parts: [String] = []
        if !report.passed {
            parts.append("worst: \(worst.name) at t = \(Self.number(worst.worstTime))")
        }
        if let dt = report.suggestedDt {
            let p = verdicts.first { $0.largestDt == dt }?.order ?? .nan
            parts.append(
                "largest dt that would pass: \(Self.number(dt)) (measured order "
                    + "\(String(format: "%.2f", p)))"
            )
        } else if verdicts.allSatisfy({ $0.worstRatio == 0 }) {
            parts.append("no time-step bias at these parameters")
        } else if let v = verdicts.first(where: { !$0.passed && $0.noiseless }) {
            parts.append(
                "no dt of this scheme is suggested: at t = \(Self.number(v.worstTime)) the "
                    + "run has no noise in \(v.name) "
                    + "(planned stderr at round-off), so any bias there fails")
        } else {
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
                ("bias", .numbers(v.bias)), ("planned_stderr", .numbers(v.plannedStderr)),
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
            ("realizations", .number(Double(plan.realizations))),
            ("noise_realizations", .number(Double(plan.noiseRealizations))),
            ("pilot", .string("\(settings.pilotRealizations)x\(settings.pilotNoise)")),
            ("estimates", .object(estimates)),
        ])
    }
}

extension Preflight.Report {
    /// The `preflight` object of the JSON report.
    public func json(plan: PreflightPlan, settings: PreflightSettings) -> JSONValue {
        PreflightRows(plan: plan, settings: settings, sampled: sampled).json(self)
    }
}

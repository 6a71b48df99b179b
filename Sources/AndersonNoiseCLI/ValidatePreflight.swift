import AndersonNoise
import ArgumentParser
import Foundation

/// `validate` with the options of a planned run: the preflight, printed as the table.
enum ValidatePreflight {
    static func run(
        plan: PreflightPlan, settings: PreflightSettings, quiet: Bool
    ) throws -> ValidationReport {
        let start = Date()
        let report = try mappingErrors {
            try Preflight(plan: plan, settings: settings).run { stage in
                if !quiet { StandardError.write("preflight: \(stage)...\n") }
            }
        }
        let nameWidth = max(report.rows.map(\.name.count).max() ?? 0, 5)
        print(ValidationReport.header(nameWidth: nameWidth))
        for row in report.rows { print(ValidationReport.line(row, nameWidth: nameWidth)) }
        let windows = Set(report.windows).sorted().map(String.init).joined(separator: ", ")
        print(
            String(
                format: "cost: the preflight %.3g s of CPU; the run about %.3g s (its estimate, "
                    + "an upper bound at 1e10 operations/s); ", report.seconds,
                report.runEstimateSeconds)
                + "exact bias on \(windows) of \(plan.length) sites")
        return ValidationReport(
            rows: report.rows, seconds: Date().timeIntervalSince(start),
            preflight: report.json(plan: plan, settings: settings))
    }
}

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
                if !quiet { FileHandle.standardError.write(Data("preflight: \(stage)...\n".utf8)) }
            }
        }
        if !quiet {
            let windows = Set(report.windows).sorted().map(String.init).joined(separator: ", ")
            let cpu = String(
                format: "%.3g s of CPU; the run about %.3g s", report.seconds,
                report.runEstimateSeconds)
            FileHandle.standardError.write(
                Data(
                    ("preflight: \(cpu) (estimate at 1e10 operations/s); exact bias on "
                        + "\(windows) of \(plan.length) sites\n").utf8))
        }
        let nameWidth = max(report.rows.map(\.name.count).max() ?? 0, 5)
        print(ValidationReport.header(nameWidth: nameWidth))
        for row in report.rows { print(ValidationReport.line(row, nameWidth: nameWidth)) }
        return ValidationReport(
            rows: report.rows, seconds: Date().timeIntervalSince(start),
            preflight: report.json(plan: plan, settings: settings))
    }
}

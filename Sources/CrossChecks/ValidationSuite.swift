import ChainModel
import Foundation
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
/// Every cross-check behind `anderson-noise validate`, in the order they are run. Each solver
/// contributes its own list (`ManyBodyChecks`, `ClosureChecks`, `TrajectoryChecks`,
/// `MasterChecks`).
public enum ValidationSuite {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        ManyBodyChecks.checks(settings) + ClosureChecks.checks(settings)
            + TrajectoryChecks.checks(settings)
            + MasterChecks.checks(settings)
    }

    /// Runs `checks` in order, each timed into a row of the group "validate": `starting(n)`
    /// before check n (0-based), `finished(row)` after it (the caller reports and prints).
    public static func run(
        _ checks: [ValidationCheck], starting: (Int) -> Void, finished: (ReportRow) -> Void
    ) -> ValidationReport {
        let start = Date()
        let rows = checks.enumerated().map { n, check in
            starting(n)
            let began = Date()
            let row = ReportRow(
                check.run(), group: "validate", seconds: Date().timeIntervalSince(began))
            finished(row)
            return row
        }
        return ValidationReport(rows: rows, seconds: Date().timeIntervalSince(start))
    }
}

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
/// One row of the `validate` report as the table, the JSON report and the JUnit file show it:
/// a measured number against its criterion with an outcome. An `estimate` carries a number
/// with no verdict (e.g. the time-step effect on entanglement, which has no exact average).
public struct ReportRow: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case pass = "PASS"
        case fail = "FAIL"
        case estimate = "EST"
    }

    /// Which part of the report the row belongs to (the JUnit classname).
    public var group: String
    public var name: String
    public var measured: Double
    public var tolerance: Double
    public var criterion: String
    public var outcome: Outcome
    /// What a reader needs beyond the number: the worst time, the suggestion, the estimate.
    public var detail: String?
    public var seconds: Double?

    public init(
        group: String, name: String, measured: Double, tolerance: Double, criterion: String,
        outcome: Outcome,
        detail: String? = nil, seconds: Double? = nil
    ) {
        self.group = group
        self.name = name
        self.measured = measured
        self.tolerance = tolerance
        self.criterion = criterion
        self.outcome = outcome
        self.detail = detail
        self.seconds = seconds
    }

    /// A `validate` check as a row.
    public init(_ check: CheckResult, group: String, detail: String? = nil, seconds: Double? = nil)
    {
        self.init(
            group: group, name: check.name, measured: check.measured, tolerance: check.tolerance,
            criterion: check.criterion,
            outcome: check.passed ? .pass : .fail, detail: detail, seconds: seconds)
    }

    public var failed: Bool { outcome == .fail }
}

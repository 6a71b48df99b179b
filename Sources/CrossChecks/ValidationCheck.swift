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
/// One row of `anderson-noise validate`: a named check that measures one number and compares
/// it with a tolerance. `passed` is `measured <= tolerance` with a finite measurement.
public struct CheckResult: Sendable {
    public let name: String
    public let measured: Double
    public let tolerance: Double
    /// How the tolerance reads in the table, e.g. "<= 1e-9" or "|z| <= 4".
    public let criterion: String
    public let passed: Bool

    public init(name: String, measured: Double, tolerance: Double, criterion: String? = nil) {
        self.name = name
        self.measured = measured
        self.tolerance = tolerance
        self.criterion = criterion ?? "<= \(tolerance)"
        self.passed = measured.isFinite && measured <= tolerance
    }

    /// A check whose measured value must lie in [low, high] (e.g. a convergence order).
    public init(name: String, measured: Double, within range: ClosedRange<Double>) {
        self.name = name
        self.measured = measured
        self.tolerance = range.upperBound
        self.criterion = "in [\(range.lowerBound), \(range.upperBound)]"
        self.passed = measured.isFinite && range.contains(measured)
    }
}

/// A named check, run lazily so `validate` can show progress.
public struct ValidationCheck: Sendable {
    public let name: String
    public let run: @Sendable () -> CheckResult

    public init(name: String, run: @escaping @Sendable () -> CheckResult) {
        self.name = name
        self.run = run
    }
}

/// How large the default validation cases are.
public struct ValidationSettings: Sendable {
    /// Smaller cases and fewer samples (a few seconds in all).
    public var quick: Bool
    /// Chain length of the many-body and closure cases (default 6).
    public var length: Int
    public var seed: UInt64

    public init(quick: Bool = false, length: Int = 6, seed: UInt64 = 2024) {
        self.quick = quick
        self.length = length
        self.seed = seed
    }
}

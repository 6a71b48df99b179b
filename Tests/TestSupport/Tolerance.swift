import Foundation
import Testing
import Agreement

/// Where a numeric bound of a test comes from. Every round-off assertion states one:
/// `.derived` for a bound derived from eps, a condition number and the size ("n eps ||A|| with
/// n = ..., ||A|| = ..."), `.measured` for a spread measured under several OpenBLAS core types
/// (or of a method's truncation) with a stated margin.
package enum Tolerance: Sendable, CustomStringConvertible {
    case derived(String)
    case measured(String)

    package var description: String {
        switch self {
        case .derived(let why): "derived: \(why)"
        case .measured(let why): "measured: \(why)"
        }
    }
}

/// The one helper for round-off (and truncation) assertions: `measured <= bound` as an
/// expectation, and, when `ANDERSON_TOLERANCE_LOG` names a file, one line
/// `test-id measured bound ratio provenance` appended to it, so `ci/coretypes.sh` can list
/// the assertions that come within 10x of their bound under each OpenBLAS core type.
package enum RoundOff {
    package static let logVariable = "ANDERSON_TOLERANCE_LOG"

    /// Expects `measured <= bound` (NaN fails) and logs the ratio; returns whether it held.
    @discardableResult
    package static func expect(
        _ measured: Double, bound: Double, why: Tolerance,
        _ comment: @autoclosure () -> String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let holds = measured <= bound
        let note = comment()
        #expect(
            holds,
            "\(note.isEmpty ? "" : note + ": ")\(measured) exceeds its bound \(bound) (\(why))",
            sourceLocation: sourceLocation)
        log(measured, bound: bound, why: why, at: sourceLocation)
        return holds
    }

    private static let logFile: Int32? = {
        guard let path = ProcessInfo.processInfo.environment[logVariable], !path.isEmpty else {
            return nil
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        return fd >= 0 ? fd : nil
    }()

    /// One line per call, written with a single `write` on an O_APPEND descriptor (atomic for
    /// lines this short, so parallel tests do not interleave).
    private static func log(
        _ measured: Double, bound: Double, why: Tolerance, at location: SourceLocation
    ) {
        guard let fd = logFile else { return }
        let ratio = bound > 0 ? measured / bound : (measured == 0 ? 0 : .infinity)
        let file = location.fileName.replacingOccurrences(of: ".swift", with: "")
        let name = (Test.current?.name ?? "?").replacingOccurrences(of: " ", with: "_")
        let id = "\(location.moduleName)/\(file).\(name):\(location.line)"
        let text = "\(why)".replacingOccurrences(of: "\n", with: " ")
        let line = "\(id) \(measured) \(bound) \(ratio) \(text)\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
    }
}

/// The suite-wide budget for statistical false alarms: every z-test of the suite (a sampled
/// mean against an exact value or against another sample, judged in standard errors) uses
/// the family-wise threshold of `ResultComparison.familyThreshold` at `confidence`, so that
/// a fresh draw of every random stream fails a correct suite with probability at most
/// `suite` (union bound over the `tests` statistical tests). With the fixed seeds the draws
/// are fixed; the budget is what a fresh seed would risk.
///
/// The statistical tests (one share each; a test with several assertions, cases or seeds
/// splits its share over all their points):
///  1. ClosureVersusManyBodyTests.trajectoriesReachInfiniteTemperature (5 numbers)
///  2. PaperSchemeTests.paperTrajectoriesMatchTheirAverage (6 numbers)
///  3. EntanglementAndWickTests.wickAverageMatchesManyBody (72 numbers)
///  4. EntanglementAndWickTests.longTimeEntanglementIsRandomSlater (1 number)
///  5. TrajectoryVersusClosureTests.trajectoryAverageEqualsSchemeAverage (4 cases x 2 seeds)
///  6. TrajectoryVersusClosureTests, transport (R and the width)
///  7-9. SeveralNoisySitesTests: scheme averages (4 cases), transport, the paper's scheme
///  10. PreflightTests.plannedStderrAgreesWithActualRunWithinSamplingError (4 numbers)
///  11. SpacingFitTests.noisyLawIsRecoveredWithinItsErrors (D, t_l per spacing, the slope)
///  12. LocalizationReferenceTests: 30 points against the independent transfer matrix
///  13. NoiseAverageTests: xi_noise against its definition (2 disorders)
///  14. EigenstateDecayTests: the tails' decay against lambda (2 cases)
///  15-18. LyapunovLimitTests: Thouless (3 cases), Kappus-Wegner, strong-disorder
///     coefficient, strong-disorder leading term (6 numbers)
///  19. FoundationTests.gaussianMoments (mean and variance of 200000 draws)
///  20-24. The program's own verdicts on sampled results that CLI tests expect to agree, each
///     run at `confidence` (`--confidence`, `programConfidence`), so the threshold is the
///     family-wise one the comparison itself computes: CompareAcrossSolversTests
///     .sameSolverPhysicsAgrees (two verdicts), .standardErrorsOfTooFewSamplesAreInconclusive,
///     .oneChainDrawnFromOtherSeedsIsRefused, CompareOutputTests.verdictFileMatchesTheTerminal,
///     CheckCommandTests.correctAgreesAndBothBugsDisagree.
/// Each uses `threshold(points:degreesOfFreedom:)`; the tests with a systematic allowance
/// (Localization: + 0.5 %, + 2.5 %, ...) add it to the threshold's multiple of the error.
/// Not counted: `validate`'s rows (the product's fixed k = 4.5 with its own derivation in
/// `TrajectoryChecks.sigma`); no suite test expects them to pass on sampled data.
package enum StatisticalBudget {
    /// The suite's false-alarm probability per fresh draw of the random streams.
    package static let suite = 1e-3
    /// The number of statistical tests listed above.
    package static let tests = 24
    /// Each test's share of the budget.
    package static let perTest = suite / Double(tests)
    /// The per-test confidence of `familyThreshold`.
    package static let confidence = 1 - perTest
    /// `--confidence` for a program verdict (`compare`, `check`) that a test expects to agree
    /// on sampled results: the test's share of the budget.
    package static let programConfidence = ["--confidence", "\(confidence)"]

    /// The z threshold for a test of `points` points (normal errors unless `nu` is given):
    /// P(any |z| > threshold) <= perTest for a correct result.
    package static func threshold(
        points: Int, degreesOfFreedom nu: Double = .infinity
    )
        -> Double
    {
        ResultComparison.familyThreshold(
            points: points, confidence: confidence, degreesOfFreedom: nu)
    }
}

import Foundation
import ChainModel
import LinearAlgebra

/// What a run will need, estimated from its options before any work, so that a run that
/// cannot fit in memory or cannot finish is refused up front (exit 64, the estimate in the
/// message) instead of aborting in an allocation, trapping on a step count or running for
/// ever. The estimates are upper bounds of the solvers' own loops (array sizes, steps, terms
/// of the Taylor series, operations per step), not measurements.
///
/// Limits:
/// - memory: every worker's realization in flight plus the shared reduction and result must
///   stay below 90 % of the memory this process may use (`MemoryLimit`: physical memory,
///   `ulimit -v`/`-d`, the cgroup's limit, whichever is least);
/// - work: one disorder realization at most `maxOperations` elementary floating-point
///   operations, about 30 days of one core at `assumedRate`. A realization is the unit that
///   must finish in one go: records are per realization and `--resume` restarts an unfinished
///   one, so a longer one could never complete (sharding splits realizations, not time);
/// - steps: at most `maxSteps` time steps (or Taylor steps) per trajectory or realization,
///   which keeps every step count exactly representable (below 2^53).
public struct RunCost: Sendable {
    /// Working memory of one realization in flight besides its record, bytes.
    public var bytesPerWorker: Double
    /// Numbers per realization (the layout's flat dimension), which sets the memory of the
    /// records, the reduction and the result.
    public var dimension: Double
    /// Time steps (or Taylor steps) of one trajectory or realization.
    public var steps: Double
    /// Elementary operations of one disorder realization.
    public var operations: Double
    /// The options that set the work, for the message (e.g. "--t-max/--dt").
    public var workOptions: String
    /// What `steps` counts, for the message.
    public var stepsMeaning: String

    public init(
        bytesPerWorker: Double, layout: ObservableLayout, steps: Double, operations: Double,
        workOptions: String,
        stepsMeaning: String
    ) {
        self.bytesPerWorker = bytesPerWorker
        dimension = layout.entries.reduce(0.0) { $0 + Double($1.shape.size) } * Double(layout.times)
        self.steps = steps
        self.operations = operations
        self.workOptions = workOptions
        self.stepsMeaning = stepsMeaning
    }

    public static let assumedRate = 1e10
    public static let maxOperations = 30 * 86_400 * assumedRate
    public static let maxSteps = 1e13
    /// Fraction of the process's memory (`MemoryLimit`) a run may plan to use.
    public static let memoryFraction = 0.9

    /// Memory for `workers` workers: each its realization in flight and the record being
    /// built (series, flattened sample, mean and M2: about six numbers per layout entry); shared,
    /// the two-level average (four vectors), the buffered out-of-order records
    /// (`RealizationRunner.windowPerWorker` per worker, mean and M2 each), the observables of
    /// the result (mean and standard error) and its JSON text (about 25 bytes a number).
    public func bytes(workers: Int) -> (perWorker: Double, shared: Double) {
        let window = Double(RealizationRunner.windowPerWorker * workers)
        return (
            bytesPerWorker + 6 * 8 * dimension,
            8 * dimension * (4 + 2 * window + 4) + 2 * 25 * dimension + 64e6
        )
    }

    /// Refuses the run when it does not fit or cannot finish with `workers` workers.
    public func check(workers: Int, memoryOptions: String) throws {
        let limit = MemoryLimit.current()
        let have = limit.bytes
        let (perWorker, shared) = bytes(workers: workers)
        let need = perWorker * Double(workers) + shared
        let gib = 1_073_741_824.0
        func g(_ x: Double) -> String { String(format: "%.3g", x) }
        guard need.isFinite, need <= Self.memoryFraction * have else {
            throw InputError(
                option: memoryOptions, value: "need about \(g(need / gib)) GiB",
                allowed:
                    "\(g(perWorker / gib)) GiB per worker thread x \(workers) + "
                    + "\(g(shared / gib)) GiB shared, "
                    + "more than \(limit.describe(fraction: Self.memoryFraction)); use fewer "
                    + "threads, a shorter chain, "
                    + "fewer output times or observables")
        }
        guard steps.isFinite, steps <= Self.maxSteps else {
            throw InputError(
                option: workOptions, value: "\(g(steps)) \(stepsMeaning)",
                allowed: "allowed at most \(g(Self.maxSteps))")
        }
        guard operations.isFinite, operations <= Self.maxOperations else {
            throw InputError(
                option: workOptions, value: "\(g(steps)) \(stepsMeaning)",
                allowed:
                    "about \(g(operations)) operations per disorder realization "
                    + "(\(g(operations / Self.assumedRate / 86_400)) days "
                    + "of one core at \(g(Self.assumedRate))/s); allowed at most "
                    + "\(g(Self.maxOperations)) (30 days): "
                    + "a realization must finish in one go")
        }
    }

    /// Terms of the Taylor series per step of `TaylorPropagator` (its stopping rule, with the
    /// terms at their bound theta^j / j!) and the number of steps, for a generator of norm
    /// bound `nu` propagated to `horizon` through `intervals` output intervals.
    public static func taylor(
        nu: Double, horizon: Double, intervals: Int, tolerance: Double
    ) -> (steps: Double, applications: Double) {
        let theta = min(max(log(tolerance * 1e14), 6), 16)
        guard nu > 0, horizon > 0 else { return (0, 0) }
        let steps = (nu * horizon / theta).rounded(.up) + Double(intervals)
        guard steps.isFinite, steps <= maxSteps else { return (steps, .infinity) }
        let tau = horizon / max((nu * horizon / theta).rounded(.up), 1)
        let epsilon = tolerance * tau / horizon
        var j = 1.0, logTerm = log(theta)
        while j < 400 {  // ln ||term_j|| <= j ln theta - ln j!
            let q = theta / (j + 1)
            if q < 1 && logTerm + log(q / (1 - q)) <= log(epsilon) { break }
            j += 1
            logTerm += log(theta / j)
        }
        return (steps, steps * j)
    }
}

import Foundation
import Testing
import ChainModel
import Execution
import Statistics

/// Faults of the system a run must survive or report (Guarantees article, "What a fault does").
@Suite struct FaultTests {
    static let body: @Sendable (Int) throws -> RunningStatistics = { r in
        var s = RunningStatistics(dimension: 2)
        s.add([Double(r), Double(r * r)])
        return s
    }

    /// Starts at most `limit` threads (the system's start function), refusing the others with
    /// EAGAIN as `pthread_create` does at `ulimit -u` or a cgroup's pids limit.
    final class Starter: @unchecked Sendable {
        let limit: Int
        var attempts = 0
        init(limit: Int) { self.limit = limit }
        func start(_ work: @escaping @Sendable () -> Void) -> Int32 {
            attempts += 1
            return attempts > limit ? EAGAIN : RealizationRunner.startDetachedThread(work)
        }
    }

    /// Some workers refused: the run completes with those that started, every record in
    /// order (it used to wait for ever for the workers that never ran).
    @Test(.timeLimit(.minutes(1)), arguments: [1, 2, 3])
    func runCompletesWithTheWorkersThatStarted(started: Int) throws {
        let starter = Starter(limit: started)
        var records: [RealizationRecord] = []
        var written = 0
        try RealizationRunner.stream(
            realizations: Array(0..<40), threads: 4, onRecord: { _ in written += 1 },
            inOrder: { records.append($0) }, startThread: starter.start, body: Self.body)
        #expect(starter.attempts == 4)
        #expect(written == 40)
        #expect(records.map(\.realization) == Array(0..<40))
        let reference = try RealizationRunner.run(
            realizations: Array(0..<40), threads: 4, body: Self.body)
        #expect(records == reference)
    }

    /// No worker can start: an error naming the limit, not a hang.
    @Test(.timeLimit(.minutes(1)))
    func noWorkerIsAnErrorNamingTheLimit() throws {
        let starter = Starter(limit: 0)
        var records = 0
        #expect {
            try RealizationRunner.stream(
                realizations: Array(0..<10), threads: 3, inOrder: { _ in records += 1 },
                startThread: starter.start, body: Self.body)
        } throws: { error in
            guard let failure = error as? ThreadStartFailure else { return false }
            return failure.error == EAGAIN && "\(failure)".contains("ulimit -u")
                && "\(failure)".contains("pids.max")
        }
        #expect(records == 0)
    }

    /// The memory a run may plan for is the least of physical memory and the process's limits:
    /// a lowered RLIMIT_AS in a child process is what `MemoryLimit.current` reports there.
    @Test func memoryLimitIsTheLeastOfPhysicalMemoryAndTheLimits() throws {
        let limit = MemoryLimit.current()
        #expect(limit.bytes <= Double(ProcessInfo.processInfo.physicalMemory))
        #expect(limit.bytes > 0)
        let least = MemoryLimit.least([
            MemoryLimit(bytes: 8e9, source: "a"), MemoryLimit(bytes: 2e9, source: "b"),
            MemoryLimit(bytes: 4e9, source: "c"),
        ])
        #expect(least == MemoryLimit(bytes: 2e9, source: "b"))
        #expect(least.describe(fraction: 0.9) == "90% of b of 1.86 GiB")
    }

    /// cgroup v2 `memory.max` (and its ancestors') and v1 `memory.limit_in_bytes` are read
    /// from the process's groups; "max" and v1's "unlimited" (near 2^63) are no limit.
    @Test func cgroupLimitsAreReadFromTheProcessGroups() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cgroup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func put(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try put("jobs/memory.max", "3000000000\n")
        try put("jobs/job1/memory.max", "max\n")
        try put("memory/batch/memory.limit_in_bytes", "9223372036854771712\n")
        let v2 = MemoryLimit.cgroupLimits(membership: "0::/jobs/job1\n", root: root.path)
        #expect(v2.map(\.bytes) == [3e9])
        #expect(v2.first?.source.contains("jobs/memory.max") == true)
        #expect(
            MemoryLimit.cgroupLimits(membership: "4:memory:/batch\n", root: root.path).isEmpty)
        try put("memory/batch/memory.limit_in_bytes", "1073741824\n")
        #expect(
            MemoryLimit.cgroupLimits(membership: "4:cpu,memory:/batch\n", root: root.path)
                .map(\.bytes) == [1_073_741_824])
    }
}

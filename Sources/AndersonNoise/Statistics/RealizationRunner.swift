import Dispatch
import Foundation

/// What one disorder realization contributes: the statistics of its noise realizations
/// (count 1 and zero spread for a deterministic solver) of the flattened observables.
public struct RealizationRecord: Sendable, Equatable {
    /// Disorder realization index, 0-based.
    public let realization: Int
    public let noise: RunningStatistics

    public init(realization: Int, noise: RunningStatistics) {
        self.realization = realization
        self.noise = noise
    }
}

/// Runs disorder realizations on worker threads and reduces them in a canonical order
/// (ascending realization index), so the result is bit-identical for every thread count,
/// shard split or resume point.
public enum RealizationRunner {
    /// Runs `body` for every index in `realizations` on `threads` workers. `onRecord` is called
    /// (serially, in completion order) as each record finishes, e.g. to append it to a run
    /// directory. Returns the records sorted by realization. The first error stops the run
    /// (records completed before it have been passed to `onRecord`).
    public static func run(
        realizations: [Int], threads: Int, progress: any ProgressReporter = SilentProgress(),
        onRecord: (RealizationRecord) throws -> Void = { _ in },
        body: @escaping @Sendable (Int) throws -> RunningStatistics
    ) throws -> [RealizationRecord] {
        let total = realizations.count
        if total == 0 { return [] }
        let workers = max(1, min(threads, total))
        let lock = NSCondition()
        nonisolated(unsafe) var nextIndex = 0
        nonisolated(unsafe) var finished: [RealizationRecord] = []
        nonisolated(unsafe) var pending: [RealizationRecord] = []
        nonisolated(unsafe) var failure: (any Error)?
        nonisolated(unsafe) var running = workers
        // Also with one worker: OpenBLAS defaults to a thread per core, and its threaded kernels
        // sum in another order, so the bits would depend on the machine's core count.
        BLAS.useSingleThread()

        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                defer {
                    lock.lock()
                    running -= 1
                    lock.signal()
                    lock.unlock()
                    group.leave()
                }
                while true {
                    lock.lock()
                    if failure != nil || nextIndex >= total {
                        lock.unlock()
                        return
                    }
                    let r = realizations[nextIndex]
                    nextIndex += 1
                    lock.unlock()
                    do {
                        let stats = try body(r)
                        lock.lock()
                        pending.append(RealizationRecord(realization: r, noise: stats))
                        lock.signal()
                        lock.unlock()
                    } catch {
                        lock.lock()
                        if failure == nil { failure = error }
                        lock.signal()
                        lock.unlock()
                        return
                    }
                }
            }
        }
        // The calling thread hands finished records to `onRecord` as they arrive.
        var callbackError: (any Error)?
        lock.lock()
        while true {
            while pending.isEmpty && running > 0 { lock.wait() }
            let batch = pending
            pending.removeAll()
            let stillRunning = running > 0
            lock.unlock()
            for record in batch where callbackError == nil {
                do {
                    try onRecord(record)
                    finished.append(record)
                    progress.update(done: finished.count, total: total)
                } catch {
                    callbackError = error
                    lock.lock()
                    if failure == nil { failure = error }
                    lock.unlock()
                }
            }
            lock.lock()
            if !stillRunning && pending.isEmpty { break }
        }
        lock.unlock()
        group.wait()
        if let e = callbackError ?? failure { throw e }
        return finished.sorted { $0.realization < $1.realization }
    }

    /// Reduces records in ascending realization order into the two-level average.
    public static func reduce(_ records: [RealizationRecord], dimension: Int) -> TwoLevelAverage {
        var avg = TwoLevelAverage(dimension: dimension)
        for r in records.sorted(by: { $0.realization < $1.realization }) { avg.add(realization: r.noise) }
        return avg
    }

    /// The realization indices of shard `index` (1-based) of `count`: r with r % count == index - 1.
    public static func shard(_ index: Int, of count: Int, realizations: Int) -> [Int] {
        Array(stride(from: index - 1, to: realizations, by: count))
    }
}

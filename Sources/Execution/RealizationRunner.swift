import Dispatch
import Foundation

import ChainModel
import LinearAlgebra
import Statistics

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

/// Runs disorder realizations on worker threads and hands them back in a canonical order
/// (the order given, ascending realization index), so a reduction is bit-identical for every
/// thread count, shard split or resume point.
public enum RealizationRunner {
    /// Out-of-order records buffered per worker at most: a worker does not start realization
    /// i until the records before i - window are handed on, so memory stays bounded whatever
    /// the number of realizations (one slow realization stalls the others instead).
    public static let windowPerWorker = 4

    /// Runs `body` for every index in `realizations` on `threads` workers. `onRecord` is called
    /// (serially, in completion order) as each record finishes, e.g. to append it to a run
    /// directory; `inOrder` then receives the records in the order of `realizations`, each as
    /// soon as all before it have arrived, e.g. to reduce them. The first error stops the run:
    /// records completed before it are still passed to `onRecord` (so they are kept).
    ///
    /// Workers the system refuses to start (the per-user process limit, a cgroup's pids limit)
    /// are not waited for: the run goes on with those that started, and throws
    /// `ThreadStartFailure` when none could.
    public static func stream(
        realizations: [Int], threads: Int, progress: any ProgressReporter = SilentProgress(),
        onRecord: (RealizationRecord) throws -> Void = { _ in },
        inOrder: (RealizationRecord) throws -> Void,
        body: @escaping @Sendable (Int) throws -> RunningStatistics
    ) throws {
        try stream(
            realizations: realizations, threads: threads, progress: progress,
            onRecord: onRecord, inOrder: inOrder, startThread: startDetachedThread, body: body)
    }

    /// `stream` with the function that starts a worker thread: it returns 0, or the error
    /// number of a thread that could not be started (tests pass one that fails).
    package static func stream(
        realizations: [Int], threads: Int, progress: any ProgressReporter = SilentProgress(),
        onRecord: (RealizationRecord) throws -> Void = { _ in },
        inOrder: (RealizationRecord) throws -> Void,
        startThread: (@escaping @Sendable () -> Void) -> Int32,
        body: @escaping @Sendable (Int) throws -> RunningStatistics
    ) throws {
        let total = realizations.count
        if total == 0 { return }
        let wanted = max(1, min(threads, total))
        // The window is set by the workers asked for; it only bounds memory, and the cost
        // estimate counted that many.
        let window = windowPerWorker * wanted
        let lock = NSCondition()
        nonisolated(unsafe) var nextIndex = 0
        nonisolated(unsafe) var handedOn = 0
        nonisolated(unsafe) var pending: [(index: Int, record: RealizationRecord)] = []
        nonisolated(unsafe) var failure: (any Error)?
        // Workers started and not yet finished: only a worker that started is waited for.
        nonisolated(unsafe) var running = 0
        // Also with one worker: OpenBLAS defaults to a thread per core, and its threaded kernels
        // sum in another order, so the bits would depend on the machine's core count.
        BLAS.useSingleThread()

        let group = DispatchGroup()
        var started = 0, startError: Int32 = 0
        for _ in 0..<wanted {
            group.enter()
            lock.lock()
            running += 1
            lock.unlock()
            let error = startThread {
                defer {
                    lock.lock()
                    running -= 1
                    lock.broadcast()
                    lock.unlock()
                    group.leave()
                }
                while true {
                    lock.lock()
                    while failure == nil && nextIndex < total && nextIndex >= handedOn + window {
                        lock.wait()
                    }
                    if failure != nil || nextIndex >= total {
                        lock.unlock()
                        return
                    }
                    let index = nextIndex
                    nextIndex += 1
                    lock.unlock()
                    do {
                        let stats = try body(realizations[index])
                        lock.lock()
                        pending.append(
                            (
                                index,
                                RealizationRecord(realization: realizations[index], noise: stats)
                            ))
                        lock.broadcast()
                        lock.unlock()
                    } catch {
                        lock.lock()
                        if failure == nil { failure = error }
                        lock.broadcast()
                        lock.unlock()
                        return
                    }
                }
            }
            if error == 0 {
                started += 1
            } else {
                lock.lock()
                running -= 1
                lock.unlock()
                group.leave()
                startError = error
            }
        }
        if started == 0 {
            throw ThreadStartFailure(wanted: wanted, error: startError)
        }
        // The calling thread persists records as they arrive and hands them on in order.
        var callbackError: (any Error)?
        var finished = 0
        var arrived: [Int: RealizationRecord] = [:]
        lock.lock()
        while true {
            while pending.isEmpty && running > 0 { lock.wait() }
            let batch = pending
            pending.removeAll()
            let stillRunning = running > 0, failed = failure != nil
            lock.unlock()
            for (index, record) in batch where callbackError == nil {
                do {
                    try onRecord(record)
                    finished += 1
                    progress.update(done: finished, total: total)
                    arrived[index] = record
                } catch {
                    callbackError = error
                }
            }
            var next = handedOn
            while callbackError == nil, !failed, let record = arrived.removeValue(forKey: next) {
                do {
                    try inOrder(record)
                    next += 1
                } catch {
                    callbackError = error
                }
            }
            lock.lock()
            handedOn = next
            if let e = callbackError, failure == nil { failure = e }
            lock.broadcast()
            if !stillRunning && pending.isEmpty { break }
        }
        lock.unlock()
        group.wait()
        if let e = callbackError ?? failure { throw e }
    }

    /// Starts `work` on a new detached thread (the platform's default stack size); 0, or the
    /// error number of `pthread_create` (EAGAIN at the process or pids limit).
    package static func startDetachedThread(_ work: @escaping @Sendable () -> Void) -> Int32 {
        final class Box: @unchecked Sendable {
            let work: @Sendable () -> Void
            init(_ work: @escaping @Sendable () -> Void) { self.work = work }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let box = Unmanaged.passRetained(Box(work)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let error = pthread_create(
            &thread, &attributes,
            { raw in
                #if canImport(Darwin)
                let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                #else
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                #endif
                box.work()
                return nil
            }, box)
        if error != 0 { Unmanaged<Box>.fromOpaque(box).release() }
        return error
    }

    /// Runs and returns the records in the order of `realizations` (for tests and benchmarks;
    /// a run directory reduces them as they arrive instead).
    public static func run(
        realizations: [Int], threads: Int, progress: any ProgressReporter = SilentProgress(),
        body: @escaping @Sendable (Int) throws -> RunningStatistics
    ) throws -> [RealizationRecord] {
        var records: [RealizationRecord] = []
        try stream(
            realizations: realizations, threads: threads, progress: progress,
            inOrder: { records.append($0) }, body: body)
        return records
    }

    /// Reduces records in ascending realization order into the two-level average.
    public static func reduce(_ records: [RealizationRecord], dimension: Int) -> TwoLevelAverage {
        var avg = TwoLevelAverage(dimension: dimension)
        for r in records.sorted(by: { $0.realization < $1.realization }) {
            avg.add(realization: r.noise)
        }
        return avg
    }

    /// The realization indices of shard `index` (1-based) of `count`: r with
    /// r % count == index - 1.
    public static func shard(_ index: Int, of count: Int, realizations: Int) -> [Int] {
        Array(stride(from: index - 1, to: realizations, by: count))
    }
}

/// Not one worker thread could be started (exit 71 at the command line): the system refused
/// every `pthread_create`, at the per-user process limit (`ulimit -u`), a cgroup's pids limit
/// or out of memory for thread stacks.
public struct ThreadStartFailure: Error, CustomStringConvertible, Sendable {
    public let wanted: Int
    public let error: Int32

    public var description: String {
        "cannot start any of \(wanted) worker thread\(wanted == 1 ? "" : "s") "
            + "(\(String(cString: strerror(error)))): the system's limit on processes and "
            + "threads (ulimit -u, a cgroup's pids.max) or on memory was reached"
    }
}

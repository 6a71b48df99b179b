import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Execution
import Statistics
import TestSupport

/// Records are handed on in realization order as they arrive, with at most
/// `windowPerWorker` per worker buffered: memory does not grow with --realizations.
@Suite struct StreamingReductionTests {
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var handedOn = 0
        var maxAhead = 0
        func started(_ index: Int) {
            lock.lock()
            maxAhead = max(maxAhead, index - handedOn)
            lock.unlock()
        }
        func handed() {
            lock.lock()
            handedOn += 1
            lock.unlock()
        }
    }

    /// With realization 0 the slowest by far, the others would all finish before it; the
    /// window stalls them instead, and the order is still the given one.
    @Test(arguments: [1, 3])
    func recordsArriveInOrderWithABoundedBuffer(threads: Int) throws {
        let counter = Counter()
        var order: [Int] = []
        let realizations = Array(stride(from: 5, to: 400, by: 2))
        try RealizationRunner.stream(
            realizations: realizations, threads: threads,
            inOrder: { record in
                order.append(record.realization)
                counter.handed()
            },
            body: { r in
                counter.started((r - 5) / 2)
                if r == 5 { Thread.sleep(forTimeInterval: 0.05) }
                var s = RunningStatistics(dimension: 1)
                s.add([Double(r)])
                return s
            })
        #expect(order == realizations)
        #expect(
            counter.maxAhead < RealizationRunner.windowPerWorker * threads,
            "\(counter.maxAhead) started ahead")
    }

    /// A failing realization stops the run; the records finished before it were all passed to
    /// onRecord (kept on disk), and the error is rethrown.
    @Test func failureKeepsFinishedRecords() {
        struct Boom: Error {}
        final class Box: @unchecked Sendable { var kept: [Int] = [] }
        let box = Box()
        #expect(throws: Boom.self) {
            try RealizationRunner.stream(
                realizations: Array(0..<20), threads: 1,
                onRecord: { box.kept.append($0.realization) }, inOrder: { _ in },
                body: { r in
                    if r == 7 { throw Boom() }
                    return RunningStatistics(dimension: 1)
                })
        }
        #expect(box.kept == Array(0..<7))
    }
}

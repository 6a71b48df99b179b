import Dispatch
import Foundation
import ChainModel
import LinearAlgebra
import Propagation

/// The eigenvalue problems of entropy_vn (one d x d Hermitian matrix per output time, O(d^3)
/// each: at d = 924 they cost more than the whole propagation), solved while the propagation
/// goes on: up to `workers` at a time, each by single-threaded LAPACK on its own copy of the
/// state, results kept by output index. With one worker they are solved at once, in order.
/// The numbers do not depend on the number of workers: each problem is solved the same way.
package final class SpectrumWorkers: @unchecked Sendable {
    private let workers: Int
    private let queue = DispatchQueue(label: "anderson-noise.spectra", attributes: .concurrent)
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var spectra: [Int: [Double]] = [:]

    package init(workers: Int) {
        self.workers = max(1, workers)
        slots = DispatchSemaphore(value: self.workers)
        BLAS.useSingleThread()
    }

    /// Queues the eigenvalues of `state` as those of output `index` (waits while `workers`
    /// problems are being solved).
    package func submit(_ index: Int, _ state: ComplexMatrix) {
        guard workers > 1 else {
            spectra[index] = Eigen.hermitianValues(state)
            return
        }
        slots.wait()
        queue.async(group: group) {
            let values = Eigen.hermitianValues(state)
            self.lock.withLock { self.spectra[index] = values }
            self.slots.signal()
        }
    }

    /// Every submitted spectrum (ascending eigenvalues), in the order of the output indices.
    package func finish() -> [[Double]] {
        group.wait()
        return lock.withLock { spectra.keys.sorted().map { spectra[$0]! } }
    }
}

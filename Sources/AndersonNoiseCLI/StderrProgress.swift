import AndersonNoise
import Foundation

/// Progress on stderr: work units (realizations, chains) done, rate and ETA. Silent with
/// --quiet, and when stderr is not a terminal unless --progress asks for it.
final class StderrProgress: ProgressReporter, @unchecked Sendable {
    private let enabled: Bool
    private let label: String
    private let unit: String
    private let start = Date()
    private let lock = NSLock()

    init(label: String, unit: String = "realizations", quiet: Bool, forced: Bool) {
        self.label = label
        self.unit = unit
        enabled = !quiet && (forced || isatty(2) != 0)
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = String(
            format: "\r%@: %d/%d %@, %.2f/s, ETA %.0f s", label, done, total, unit, rate, eta)
        StandardError.write(line + (done == total ? "\n" : ""))
    }
}

import AndersonNoise
import Foundation

/// Progress on stderr: realizations done, rate and ETA. Silent with --quiet, and when stderr
/// is not a terminal unless --progress asks for it.
final class StderrProgress: ProgressReporter, @unchecked Sendable {
    private let enabled: Bool
    private let label: String
    private let start = Date()
    private let lock = NSLock()

    init(label: String, quiet: Bool, forced: Bool) {
        self.label = label
        enabled = !quiet && (forced || isatty(2) != 0)
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r%@: %d/%d realizations, %.2f/s, ETA %.0f s", label, done, total, rate, eta)
        FileHandle.standardError.write(Data((line + (done == total ? "\n" : "")).utf8))
    }
}

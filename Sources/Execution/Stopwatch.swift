import Foundation
import LinearAlgebra

/// Timing for `bench`: median of repeats after a warm-up, on a monotonic clock.
public enum Stopwatch {
    /// Seconds of one call of `body`, as the median over `repeats` timed batches of `inner`
    /// calls each (after one untimed warm-up batch), divided by `inner`.
    public static func median(
        repeats: Int, inner: Int = 1, _ body: () -> Void
    ) -> (median: Double, samples: [Double]) {
        precondition(repeats >= 1 && inner >= 1)
        for _ in 0..<inner { body() }
        var samples: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<inner { body() }
            let end = DispatchTime.now().uptimeNanoseconds
            samples.append(Double(end - start) * 1e-9 / Double(inner))
        }
        let sorted = samples.sorted()
        let m =
            sorted.count % 2 == 1
            ? sorted[sorted.count / 2]
            : 0.5 * (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2])
        return (m, samples)
    }

    /// One-line description of this machine: CPU model, cores, memory, OS.
    public static func machineDescription() -> String {
        var model = "unknown CPU"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let value = line.split(separator: ":", maxSplits: 1).last
        {
            model = value.trimmingCharacters(in: .whitespaces)
        }
        let info = ProcessInfo.processInfo
        let gib = Double(info.physicalMemory) / Double(1 << 30)
        return
            "\(model), \(info.activeProcessorCount) cores, \(String(format: "%.0f", gib)) "
            + "GiB, \(info.operatingSystemVersionString)"
    }
}

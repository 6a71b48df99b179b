import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory this process may use: the least of physical memory, the address-space and data
/// limits (`ulimit -v`, `ulimit -d`) and the memory limit of its control group (cgroup v2
/// `memory.max`, v1 `memory.limit_in_bytes`), with which of them it is, for a refusal message.
/// Every memory check of a run (`RunCost.check`, the Lindblad sector check) plans against it,
/// so a run under a limit is refused up front (exit 64) instead of aborting in an allocation.
public struct MemoryLimit: Sendable, Equatable {
    /// Bytes.
    public var bytes: Double
    /// What sets it, e.g. "this machine's physical memory" or "the address-space limit
    /// RLIMIT_AS (ulimit -v)".
    public var source: String

    public init(bytes: Double, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The least of the limits that apply to this process now.
    public static func current() -> MemoryLimit {
        least(candidates())
    }

    /// "90% of the address-space limit RLIMIT_AS (ulimit -v) of 3.81 GiB" and the like.
    public func describe(fraction: Double) -> String {
        String(format: "%.0f%% of %@ of %.3g GiB", fraction * 100, source, bytes / 1_073_741_824)
    }

    package static func least(_ candidates: [MemoryLimit]) -> MemoryLimit {
        candidates.min { $0.bytes < $1.bytes }
            ?? MemoryLimit(bytes: .infinity, source: "no known limit")
    }

    package static func candidates() -> [MemoryLimit] {
        var all = [
            MemoryLimit(
                bytes: Double(ProcessInfo.processInfo.physicalMemory),
                source: "this machine's physical memory")
        ]
        for (resource, name) in [
            (RLIMIT_AS, "the address-space limit RLIMIT_AS (ulimit -v)"),
            (RLIMIT_DATA, "the data-segment limit RLIMIT_DATA (ulimit -d)"),
        ] {
            var limit = rlimit()
            #if canImport(Glibc)
            let got = getrlimit(__rlimit_resource_t(resource.rawValue), &limit)
            #else
            let got = getrlimit(resource, &limit)
            #endif
            if got == 0, limit.rlim_cur != rlim_t.max {
                all.append(MemoryLimit(bytes: Double(limit.rlim_cur), source: name))
            }
        }
        all += cgroupLimits()
        return all
    }

    /// The memory limits of this process's control groups (and their ancestors), v2 and v1.
    package static func cgroupLimits(
        membership: String? = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
        root: String = "/sys/fs/cgroup"
    ) -> [MemoryLimit] {
        var found: [MemoryLimit] = []
        func read(_ file: String) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            // "max" (v2) or a value near 2^63 (v1) means no limit.
            guard let bytes = Double(value), bytes < 4.0e18 else { return }
            found.append(MemoryLimit(bytes: bytes, source: "the cgroup memory limit \(file)"))
        }
        // A path and each of its ancestors, so a limit set higher up is seen too.
        func walk(_ base: String, _ path: String, _ file: String) {
            var parts = path.split(separator: "/").map(String.init)
            while true {
                let dir = ([base] + parts).joined(separator: "/")
                read(dir + "/" + file)
                if parts.isEmpty { break }
                parts.removeLast()
            }
        }
        for line in (membership ?? "").split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                walk(root, path, "memory.max")
            } else if fields[1].split(separator: ",").contains("memory") {
                walk(root + "/memory", path, "memory.limit_in_bytes")
            }
        }
        // Inside a container the group's own directory is often mounted at the root.
        read(root + "/memory.max")
        read(root + "/memory/memory.limit_in_bytes")
        var seen = Set<String>()
        return found.filter { seen.insert($0.source).inserted }
    }
}

import Foundation
import ChainModel
import LinearAlgebra

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One writer per run directory: a writer holds an exclusive `flock(2)` on `DIR/writer.lock`
/// while it writes, and readers that must see a finished directory (`merge`) hold a shared
/// one. The kernel releases the lock when the holding process ends, however it ends
/// (exit, crash, kill -9), so a stale lock file never blocks anyone; on Linux NFS `flock` is
/// carried by the NFS lock protocol, so it also excludes writers on other cluster nodes.
/// The file's content names the last exclusive holder (host, pid, start time) for the
/// refusal message; the lock itself is the kernel's, never the content.
public final class RunLock: Sendable {
    public static let fileName = "writer.lock"
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Someone else holds the lock.
    public struct Held: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Takes the exclusive lock of `directory` (which must exist) and records this process as
    /// its holder, or throws `Held` naming the holder.
    public static func exclusive(_ directory: URL) throws -> RunLock {
        let path = directory.appendingPathComponent(fileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Held(
                description:
                    "\(path): cannot open the lock file (\(String(cString: strerror(errno))))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw Held(description: holderDescription(path))
        }
        let holder =
            "pid \(getpid()) on host \(ProcessInfo.processInfo.hostName) since "
            + "\(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
        return RunLock(descriptor: fd)
    }

    /// Takes a shared lock of `directory`, so no writer can start while it is held, or throws
    /// `Held` when a writer is at work. A directory without a lock file has never had a writer
    /// of this version, and nothing is created in it (it may be read-only).
    public static func shared(_ directory: URL) throws -> RunLock? {
        let path = directory.appendingPathComponent(fileName).path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_SH | LOCK_NB) == 0 else {
            close(fd)
            throw Held(description: holderDescription(path))
        }
        return RunLock(descriptor: fd)
    }

    /// Who holds the lock at `path`: the recorded writer if an exclusive lock is held, or a
    /// reader (a merge) if only shared locks are.
    package static func holderDescription(_ path: String) -> String {
        let recorded =
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines) ?? ""
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        defer { if fd >= 0 { close(fd) } }
        if fd >= 0, flock(fd, LOCK_SH | LOCK_NB) == 0 {
            return "is being read by another process (a merge holds \(path))"
        }
        return
            "is being written by \(recorded.isEmpty ? "another process" : recorded) (it "
            + "holds \(path))"
    }
}

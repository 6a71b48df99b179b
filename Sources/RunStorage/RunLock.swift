import Foundation
import ChainModel
import LinearAlgebra
import Formats

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
    ///
    /// A lock the file system cannot give (ENOLCK: NFS without a lock manager; EIO) is an
    /// `IOFailure` naming it (exit 74), not a holder: nothing is written without the lock.
    public static func exclusive(_ directory: URL) throws -> RunLock {
        try exclusive(directory, flock: systemFlock)
    }

    /// 0, or the error number of `flock(fd, operation)`.
    package static func systemFlock(_ fd: Int32, _ operation: Int32) -> Int32 {
        flock(fd, operation) == 0 ? 0 : errno
    }

    /// The refusal for a `flock` that returned `code`: `Held` when another process holds
    /// the lock, an `IOFailure` naming the error otherwise.
    static func refusal(_ code: Int32, path: String) -> any Error {
        if code == EWOULDBLOCK || code == EAGAIN {
            return Held(description: holderDescription(path))
        }
        return IOFailure(
            "cannot lock \(path): \(String(cString: strerror(code))) (flock; a network file "
                + "system needs its lock manager, e.g. NFS lockd); nothing written")
    }

    /// `exclusive` with the locking call (tests pass one that fails).
    package static func exclusive(
        _ directory: URL, flock lock: (Int32, Int32) -> Int32
    ) throws -> RunLock {
        let path = directory.appendingPathComponent(fileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Held(
                description:
                    "\(path): cannot open the lock file (\(String(cString: strerror(errno))))")
        }
        let code = lock(fd, LOCK_EX | LOCK_NB)
        guard code == 0 else {
            close(fd)
            throw refusal(code, path: path)
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
        try shared(directory, flock: systemFlock)
    }

    /// `shared` with the locking call (tests pass one that fails).
    package static func shared(
        _ directory: URL, flock lock: (Int32, Int32) -> Int32
    ) throws -> RunLock? {
        let path = directory.appendingPathComponent(fileName).path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let code = lock(fd, LOCK_SH | LOCK_NB)
        guard code == 0 else {
            close(fd)
            throw refusal(code, path: path)
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

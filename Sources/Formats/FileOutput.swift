import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
private let systemClose = Glibc.close
#else
private let systemWrite = Darwin.write
private let systemClose = Darwin.close
#endif

/// A write or another operation on the file system that failed (disk full, quota, I/O error,
/// a lock the file system cannot give): exit 74 (EX_IOERR) at the command line, with this one
/// line, e.g. "cannot write runs/a/result.json: No space left on device".
public struct IOFailure: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// "cannot write PATH: strerror(code)".
    public static func write(_ path: String, code: Int32) -> IOFailure {
        IOFailure("cannot write \(path): \(String(cString: strerror(code)))")
    }

    /// A Foundation error of writing `path` as one line (its POSIX cause when it has one).
    public static func write(_ path: String, error: any Error) -> IOFailure {
        if let failure = error as? IOFailure { return failure }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return write(path, code: Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return write(path, code: Int32(underlying.code))
        }
        return IOFailure("cannot write \(path): \(ns.localizedDescription)")
    }
}

/// Every file this tool writes goes through here, so that every write is checked: a short or
/// failed `write`, `fsync` or `close` (ENOSPC, EDQUOT, EIO) throws `IOFailure` naming the
/// file, never a success with a truncated file.
public enum FileOutput {
    /// Writes `text` to `path`: a regular file (new or replaced) is written whole under a
    /// temporary name beside it, synced and renamed into place, so it is never seen half
    /// written; through a symbolic link the link's target is replaced. An existing file that is
    /// not a regular file (a device such as /dev/stdout, a FIFO) is written in place.
    public static func write(_ text: String, toFile path: String) throws {
        try write(Data(text.utf8), toFile: path)
    }

    public static func write(_ data: Data, toFile path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw IOFailure.write(path, code: errno) }
            defer { close(fd) }
            try writeAll(fd, data, path: path)
            return
        }
        let target = resolvedLink(path)
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var template = Array(
            (directory + "/." + url.lastPathComponent + ".partial-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw IOFailure.write(path, code: errno) }
        let temporary = String(
            decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do {
            defer { close(fd) }
            // mkstemp makes 0600; a result file is readable as any file this tool writes.
            let mask = umask(0)
            umask(mask)
            _ = fchmod(fd, 0o666 & ~mask)
            try writeAll(fd, data, path: path)
            guard fsync(fd) == 0 else { throw IOFailure.write(path, code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw IOFailure.write(path, code: code)
        }
    }

    /// Writes `data` to `path` in place (created or truncated), synced: for a file whose
    /// name is itself the temporary one (a manifest renamed into place by its writer).
    public static func writeInPlace(_ data: Data, toFile path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOFailure.write(path, code: errno) }
        defer { _ = systemClose(fd) }
        try writeAll(fd, data, path: path)
        guard fsync(fd) == 0 else { throw IOFailure.write(path, code: errno) }
    }

    /// Makes `path` and its missing parents as directories.
    public static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true)
        } catch {
            throw IOFailure.write(path, error: error)
        }
    }

    /// Writes every byte of `data` to `fd` (retrying short writes and EINTR).
    public static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let n = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IOFailure.write(path, code: errno)
                }
                offset += n
            }
        }
    }

    /// The file a symbolic link at `path` points to (relative targets resolved against the
    /// link's directory), or `path` itself.
    static func resolvedLink(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
                let destination = try? FileManager.default.destinationOfSymbolicLink(
                    atPath: current)
            else { return current }
            current =
                destination.hasPrefix("/")
                ? destination
                : URL(fileURLWithPath: current).deletingLastPathComponent()
                    .appendingPathComponent(destination).path
        }
        return current
    }
}

/// A file appended to with every write checked (`records.bin`).
public final class AppendFile {
    public let path: String
    private var descriptor: Int32

    /// Opens `path` for appending, creating it when missing.
    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IOFailure.write(path, code: errno) }
    }

    public func append(_ bytes: [UInt8]) throws {
        try FileOutput.writeAll(descriptor, Data(bytes), path: path)
    }

    /// Flushes the written bytes to the device (`fsync`): where a full disk or an I/O error
    /// of a network file system shows at the latest.
    public func synchronize() throws {
        guard fsync(descriptor) == 0 else { throw IOFailure.write(path, code: errno) }
    }

    public func close() throws {
        guard descriptor >= 0 else { return }
        try synchronize()
        let fd = descriptor
        descriptor = -1
        guard systemClose(fd) == 0 else { throw IOFailure.write(path, code: errno) }
    }

    deinit { if descriptor >= 0 { _ = systemClose(descriptor) } }
}

/// Standard output with its writes checked: `print` ignores a failed write, so a CSV piped
/// to a full disk (or `> /dev/full`) would be cut short and the run would still exit 0.
/// Data goes through `write`, which flushes and throws `IOFailure` ("cannot write standard
/// output: ..."); `finish` catches a failure of anything else printed (at exit).
public enum StandardOutput {
    public static let name = "standard output"

    /// The C library's `stdout` (the stream `print` writes to), looked up by its symbol:
    /// Swift 6 refuses a direct reference to the C global.
    static var stream: UnsafeMutablePointer<FILE> {
        #if canImport(Darwin)
        let (handle, symbol) = (UnsafeMutableRawPointer(bitPattern: -2), "__stdoutp")
        #else
        let (handle, symbol) = (UnsafeMutableRawPointer(bitPattern: 0), "stdout")  // RTLD_DEFAULT
        #endif
        return dlsym(handle, symbol)!
            .load(as: UnsafeMutablePointer<FILE>.self)
    }

    /// Writes `text` to standard output and flushes it.
    public static func write(_ text: String) throws {
        let failed = text.withCString { fputs($0, stream) } < 0
        let code = errno
        if failed { throw IOFailure.write(name, code: code) }
        try finish()
    }

    /// Flushes standard output; throws when this or any earlier write to it failed.
    public static func finish() throws {
        errno = 0
        if fflush(stream) != 0 {
            throw IOFailure.write(name, code: errno)
        }
        if ferror(stream) != 0 {
            throw IOFailure.write(name, code: errno != 0 ? errno : EIO)
        }
    }
}

/// Standard error, the channel of last resort: diagnostics and progress go here with `write`
/// (Foundation's `FileHandle.write` traps when the write fails, e.g. stderr redirected to a
/// file on a full disk, as a batch system does). A failed write is dropped: there is nowhere
/// left to report it, and the exit status still says what happened.
public enum StandardError {
    public static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { systemWrite(2, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }
}

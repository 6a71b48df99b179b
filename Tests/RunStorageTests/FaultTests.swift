import Foundation
import Testing
import ChainModel
import Execution
import Formats
import RunStorage
import Statistics

/// Faults of the file system a run directory must report as what they are (Guarantees
/// article, "What a fault does").
@Suite struct StorageFaultTests {
    func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "anr-fault-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A `flock` the file system cannot give (ENOLCK: NFS without a lock manager) is an I/O
    /// failure naming the error and the lock file, not a live writer with a stale pid.
    @Test(arguments: [ENOLCK, EIO])
    func lockFailureIsNotAHolder(code: Int32) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A previous writer, long gone, left its name in the lock file.
        try "pid 999999 on host gone since 2020-01-01T00:00:00Z\n".write(
            to: dir.appendingPathComponent(RunLock.fileName), atomically: true, encoding: .utf8)
        for attempt in [
            { _ = try RunLock.exclusive(dir, flock: { _, _ in code }) },
            { _ = try RunLock.shared(dir, flock: { _, _ in code }) },
        ] {
            #expect {
                try attempt()
            } throws: { error in
                guard let failure = error as? IOFailure else { return false }
                let text = "\(failure)"
                return text.contains(String(cString: strerror(code)))
                    && text.contains(dir.appendingPathComponent(RunLock.fileName).path)
                    && !text.contains("999999")
            }
        }
        // EWOULDBLOCK is a holder: named as before.
        #expect(throws: RunLock.Held.self) {
            _ = try RunLock.exclusive(dir, flock: { _, _ in EWOULDBLOCK })
        }
    }

    /// A write that fails (ENOSPC on /dev/full) throws `IOFailure` "cannot write PATH:
    /// strerror", never a partial success; a device is written in place, not replaced.
    @Test func failedWritesAreIOFailures() throws {
        #expect {
            try FileOutput.write(String(repeating: "x", count: 10_000), toFile: "/dev/full")
        } throws: { error in
            "\(error)" == "cannot write /dev/full: \(String(cString: strerror(ENOSPC)))"
        }
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no/such/file.json").path
        #expect {
            try FileOutput.write("{}", toFile: missing)
        } throws: { error in
            "\(error)" == "cannot write \(missing): \(String(cString: strerror(ENOENT)))"
        }
        // A record that cannot be appended is an IOFailure too.
        let file = try AppendFile(path: dir.appendingPathComponent("r.bin").path)
        try file.append([1, 2, 3])
        try file.close()
        #expect(try Data(contentsOf: dir.appendingPathComponent("r.bin")) == Data([1, 2, 3]))
        #expect(throws: IOFailure.self) { _ = try AppendFile(path: missing) }
    }

    /// A symbolic link to a regular file is written through: the link stays, its target is
    /// replaced whole.
    @Test func writesFollowSymbolicLinks() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("target.json").path
        let link = dir.appendingPathComponent("link.json").path
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.json")
        try FileOutput.write("new", toFile: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.json")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
                == ["link.json", "target.json"])
    }

    /// A dangling symbolic link (the path itself or an ancestor) is refused before any work,
    /// as is a link to a file where a directory is wanted; a link to a directory is followed.
    @Test func outputPathResolvesSymbolicLinks() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let dangling = dir.appendingPathComponent("dangling").path
        try fm.createSymbolicLink(atPath: dangling, withDestinationPath: "nowhere/run")
        let file = dir.appendingPathComponent("file").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let toFile = dir.appendingPathComponent("to-file").path
        try fm.createSymbolicLink(atPath: toFile, withDestinationPath: file)
        let toDir = dir.appendingPathComponent("to-dir").path
        try fm.createSymbolicLink(atPath: toDir, withDestinationPath: dir.path)
        for (path, kind, why) in [
            (dangling, OutputPath.Kind.directory, "symbolic link to nowhere/run"),
            (dangling + "/sub", .directory, "symbolic link to nowhere/run"),
            (dangling, .file, "symbolic link to nowhere/run"),
            (toFile, .directory, "exists and is not a directory"),
            (toFile + "/sub", .directory, "is not a directory"),
        ] {
            #expect {
                try OutputPath.check(path, option: "output", kind: kind)
            } throws: { error in
                (error as? InputError)?.allowed.contains(why) == true
            }
        }
        try OutputPath.check(toDir, option: "output", kind: .directory)
        try OutputPath.check(toDir + "/new-run", option: "output", kind: .directory)
        try OutputPath.check(toFile, option: "output", kind: .file)
        try OutputPath.check("/dev/full", option: "output", kind: .file)
    }
}

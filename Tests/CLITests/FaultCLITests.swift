import Foundation
import Testing
import AndersonNoise
import AndersonNoiseCLI
import TestSupport

/// What a fault does at the command line (Guarantees article): exit 64 bad input,
/// 70 a broken invariant, 71 no worker thread, 74 an I/O failure, each with one line naming
/// it, and nothing claimed that did not happen.
@Suite struct FaultCLITests {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs the executable with standard output on `stdout` (e.g. /dev/full).
    static func run(_ arguments: [String], stdout: FileHandle) throws -> Output {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        let err = Pipe()
        process.standardOutput = stdout
        process.standardError = err
        try process.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: "",
            stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs `script` with bash, `$B` the executable.
    static func bash(_ script: String) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "B='\(CLI.executable.path)'; " + script]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    static let enospc = String(cString: strerror(ENOSPC))

    static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
    }

    /// A CSV on a full disk: exit 74 naming standard output (it used to be cut at 4096 bytes,
    /// exit 0).
    @Test(arguments: [
        ["closure", "--length", "8", "--t-max", "100", "--quiet"],
        ["validate", "--quick", "--quiet"],
    ])
    func fullStandardOutputIsAnIOError(arguments: [String]) throws {
        try #require(Self.isCharacterDevice("/dev/full"))
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let out = try Self.run(arguments, stdout: full)
        #expect(out.status == 74)
        #expect(out.stderr == "anderson-noise: cannot write standard output: \(Self.enospc)\n")
    }

    /// A report that cannot be written (ENOSPC): exit 74 naming it, and no "ALL ... PASSED"
    /// (it used to print that, then exit 1 with a Foundation error).
    @Test(arguments: ["--output", "--junit"])
    func unwritableReportIsAnIOError(option: String) throws {
        // As root, a writer that renames a temporary file over its output (as Foundation's
        // atomic write does, and this tool did) would replace the device with a file.
        try #require(Self.isCharacterDevice("/dev/full"))
        defer { #expect(Self.isCharacterDevice("/dev/full")) }
        let out = try CLI.run(["validate", "--quick", "--quiet", option, "/dev/full"])
        #expect(out.status == 74)
        #expect(out.stderr == "anderson-noise: cannot write /dev/full: \(Self.enospc)\n")
        #expect(!out.stdout.contains("CHECKS PASSED"))
        #expect(out.stdout.contains("PASS"))  // the rows were printed as they finished
    }

    /// A non-UTF-8 path is refused naming its position (it used to be written under another
    /// name, U+FFFD in place of the byte).
    @Test func nonUTF8ArgumentIsRefused() throws {
        let dir = CLI.temporaryPath()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try Self.bash(
            "\"$B\" closure --length 8 --t-max 1 --output '\(dir)/run'$'\\xff'")
        #expect(out.status == 64)
        #expect(out.stderr.hasPrefix("anderson-noise: argument 7 ("))
        #expect(out.stderr.contains("is not valid UTF-8"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func argumentProblems() {
        let ok = ["closure", "--gamma", "1", "--potential", "-1,2"].map { Array($0.utf8) }
        #expect(AndersonNoiseCommand.argumentProblem(ok) == nil)
        #expect(
            AndersonNoiseCommand.argumentProblem([Array("a".utf8), [0x2F, 0xFF]])?
                .hasPrefix("argument 2 (/\u{FFFD})") == true)
        let many =
            ["closure"]
            + Array(repeating: ["--gamma=1", "--gamma", "2"], count: 51).flatMap { $0 }
        #expect(
            AndersonNoiseCommand.argumentProblem(many.map { Array($0.utf8) })
                == "--gamma given 102 times: allowed at most 100 (the last one counts)")
        let hundred = ["closure"] + Array(repeating: "--quiet", count: 100)
        #expect(AndersonNoiseCommand.argumentProblem(hundred.map { Array($0.utf8) }) == nil)
        // Values that look like options after "--" are not options.
        let after = ["merge", "--"] + Array(repeating: "--x", count: 200)
        #expect(AndersonNoiseCommand.argumentProblem(after.map { Array($0.utf8) }) == nil)
    }

    /// 20,000 repeats of an option are refused at once (swift-argument-parser took minutes:
    /// its work grows as the square of the repeats).
    @Test(.timeLimit(.minutes(1)))
    func repeatedOptionIsBounded() throws {
        let arguments =
            ["closure", "--length", "8", "--dry-run"]
            + Array(repeating: ["--gamma", "1"], count: 20_000).flatMap { $0 }
        let out = try CLI.run(arguments)
        #expect(out.status == 64)
        #expect(
            out.stderr
                == "anderson-noise: --gamma given 20000 times: allowed at most 100 (the last one "
                + "counts)\n")
    }

    /// A dangling symbolic link as --output is refused before any work (it used to fail after
    /// all of it with a Foundation error).
    @Test func danglingSymlinkOutputIsRefused() throws {
        let dir = CLI.temporaryPath()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let link = dir + "/run"
        try FileManager.default.createSymbolicLink(
            atPath: link, withDestinationPath: dir + "/gone/run")
        for output in [link, link + "/sub"] {
            let out = try CLI.run(["closure", "--length", "8", "--t-max", "1", "--output", output])
            #expect(out.status == 64)
            #expect(out.stderr.contains("is a symbolic link to \(dir)/gone/run, which does not"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run"])
    }

    /// The per-user process limit (`ulimit -u`, which counts threads) as an unprivileged user
    /// (root is exempt from it): with room for no worker thread, exit 71 naming the limit;
    /// with room for two of four, the run completes with them, the same numbers as without a
    /// limit (it used to write every record and then wait for ever for the others).
    @Test(
        .timeLimit(.minutes(1)),
        .enabled(
            if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
            "needs root to run as nobody"))
    func threadLimitIsReportedOrWorkedAround() throws {
        let run = "closure --length 8 --t-max 1 --realizations 6 --threads 4 --quiet"
        // nobody runs a copy of the executable in a directory it can reach: the build may sit
        // below one it cannot enter (a clone in a `mktemp -d` folder is mode 700).
        let reachable = CLI.temporaryPath()
        try FileManager.default.createDirectory(
            atPath: reachable, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: reachable) }
        let copy = reachable + "/anderson-noise"
        try FileManager.default.copyItem(atPath: CLI.executable.path, toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy)
        // The process itself is one of the count; OpenBLAS starts no thread of its own.
        func limited(_ processes: Int) throws -> Output {
            try Self.bash(
                "exec /usr/sbin/runuser -u nobody -- /bin/bash -c 'ulimit -u \(processes); "
                    + "OPENBLAS_NUM_THREADS=1 exec \"$0\" \(run)' '\(copy)'")
        }
        let none = try limited(1)
        #expect(none.status == 71)
        #expect(none.stderr.hasPrefix("anderson-noise: cannot start any of 4 worker threads ("))
        #expect(none.stderr.contains("ulimit -u"))
        #expect(none.stdout.isEmpty)
        let one = try limited(3)
        #expect(one.status == 0)
        let free = try CLI.run(run.split(separator: " ").map(String.init))
        #expect(free.status == 0)
        #expect(one.stdout == free.stdout && !free.stdout.isEmpty)
    }

    /// Under `ulimit -v` a run that needs more is refused naming the limit (it used to abort
    /// with a trap in an allocation).
    @Test func memoryRlimitIsTheLimit() throws {
        let out = try Self.bash("ulimit -v 4000000; \"$B\" lindblad --length 16 --times 0,1")
        #expect(out.status == 64)
        #expect(out.stderr.contains("the address-space limit RLIMIT_AS (ulimit -v) of 3.81 GiB"))
        let fits = try Self.bash(
            "ulimit -v 4000000; \"$B\" closure --length 8 --t-max 1 --realizations 2 --quiet")
        #expect(fits.status == 0)
    }

    /// A write that fails part-way, at every file a run writes before its result is complete:
    /// under a file-size limit (`ulimit -f`, SIGXFSZ ignored, so `write` returns EFBIG as a
    /// full disk returns ENOSPC) of 0 KiB, then just above run.json's size (the one record is
    /// larger), then just above records.bin's (result.json is larger), sizes read off an
    /// uninterrupted run, the run stops at run.json, records.bin and result.json in turn with
    /// exit 74 and one line naming the file; no result.json is claimed; the same command
    /// without the limit (with --resume once run.json exists) finishes with the uninterrupted
    /// run's numbers. With standard error itself a file that cannot grow (a batch system's log
    /// on a full disk) the exit status still says 74 (it used to trap: exit 132).
    @Test func writeFailingAtEveryFileOfARunLosesNothing() throws {
        let run = "closure --length 8 --t-max 10 --realizations 1 --seed 3 --quiet --output"
        let reference = CLI.temporaryPath()
        #expect(try Self.bash("\"$B\" \(run) '\(reference)'").status == 0)
        let expected = try CLI.observables(reference)
        let efbig = String(cString: strerror(EFBIG))
        func kib(_ name: String) -> Int { (CLI.fileSize(reference + "/" + name) + 1023) / 1024 }
        // Each limit must fall below the next file it should stop (the sizes' order).
        #expect(kib("run.json") * 1024 < CLI.fileSize(reference + "/records.bin"))
        #expect(kib("records.bin") * 1024 < CLI.fileSize(reference + "/result.json"))
        let limits = [
            (0, ".run.json.partial"), (kib("run.json"), "records.bin"),
            (kib("records.bin"), "result.json"),
        ]
        for (kib, file) in limits {
            let dir = CLI.temporaryPath()
            let limited = try Self.bash(
                "trap '' XFSZ; ulimit -f \(kib); exec \"$B\" \(run) '\(dir)'")
            #expect(limited.status == 74)
            #expect(
                limited.stderr == "anderson-noise: cannot write \(dir)/\(file): \(efbig)\n",
                "\(kib) KiB: \(limited.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/result.json"))
            let resume = kib > 0 ? " --resume" : ""
            let finished = try Self.bash("\"$B\" \(run) '\(dir)'\(resume)")
            #expect(finished.status == 0, "\(kib) KiB: \(finished.stderr)")
            #expect(try CLI.observables(dir) == expected, "\(kib) KiB")
        }
        let dir = CLI.temporaryPath()
        let silent = try Self.bash(
            "trap '' XFSZ; ulimit -f 0; exec \"$B\" \(run) '\(dir)' 2>'\(dir).stderr'")
        #expect(silent.status == 74)
    }

    /// A catalogue that cannot be written whole leaves nothing (it used to leave the cases
    /// written before the failure, and a directory a rerun refused as not empty), and the
    /// message names the directory asked for, not a hidden staging one.
    @Test func referenceCatalogueIsAllOrNothing() throws {
        let dir = CLI.temporaryPath()
        let out = try Self.bash(
            "trap '' XFSZ; ulimit -f 4; exec \"$B\" reference --output '\(dir)'")
        #expect(out.status == 74)
        #expect(out.stderr.hasPrefix("anderson-noise: cannot write \(dir)/"), "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }
}

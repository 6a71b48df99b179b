import Foundation
import ChainModel
import LinearAlgebra
import Formats

/// Runs the built `anderson-noise` executable (it sits beside the test bundle).
package enum CLI {
    package static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .appendingPathComponent("anderson-noise")
    }

    package struct Output {
        package let status: Int32
        package let stdout: String
        package let stderr: String
    }

    @discardableResult
    package static func run(_ arguments: [String], blasThreads: Int = 1) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "\(blasThreads)"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(),
            e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    /// Starts a run in the background (output discarded).
    package static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A wait that did not see what it waited for before its deadline.
    package struct Timeout: Error, CustomStringConvertible {
        package let description: String
    }

    /// Polls `condition` every millisecond until it holds; throws `Timeout` (naming `what`)
    /// when `seconds` pass first, or when `process` (if given) ends first.
    package static func wait(
        for what: String, seconds: Double = 60, process: Process? = nil,
        until condition: () -> Bool
    ) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if let process, !process.isRunning {
                throw Timeout(
                    description:
                        "the process ended (status \(process.terminationStatus)) before \(what); "
                        + "make the run longer")
            }
            guard Date() < deadline else {
                throw Timeout(description: "waited \(seconds) s for \(what); it never came")
            }
            usleep(1000)
        }
    }

    /// Starts a run, waits until `condition` holds (an observed state of its run directory,
    /// polled every millisecond, at most `seconds`), and kills it with SIGKILL while it is
    /// still running. Throws `Timeout` when the run ends first or the deadline passes.
    package static func runAndKill(
        _ arguments: [String], when what: String, seconds: Double = 60,
        condition: () -> Bool
    ) throws {
        let process = try start(arguments)
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try wait(for: what, seconds: seconds, process: process, until: condition)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        guard process.terminationReason == .uncaughtSignal else {
            throw Timeout(
                description:
                    "the run finished (status \(process.terminationStatus)) before it was "
                    + "killed at \(what); make the run longer")
        }
    }

    /// The size in bytes of the file at `path` (0 when it does not exist).
    package static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?
            .intValue ?? 0
    }

    package static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "anr-cli-\(UUID().uuidString)"
        ).path
    }

    /// The observables and times of a run directory's result.json (provenance excluded).
    package static func observables(_ dir: String) throws -> String {
        let json = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/result.json")))
        return JSONValue.object([
            ("times", json["times"]!), ("observables", json["observables"]!),
            ("statistics", json["statistics"]!),
        ]).serialized()
    }
}

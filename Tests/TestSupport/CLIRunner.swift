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

    /// Starts a run and kills it with SIGKILL after `seconds`.
    package static func runAndKill(_ arguments: [String], after seconds: Double) throws {
        let process = try start(arguments)
        Thread.sleep(forTimeInterval: seconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
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

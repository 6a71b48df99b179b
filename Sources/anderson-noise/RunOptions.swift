import AndersonNoise
import ArgumentParser
import Foundation

/// Where results go and how the run is executed.
struct RunOptions: ParsableArguments {
    @Option(help: "Run directory for result.json and result.csv (default: CSV of the scalar series on stdout).")
    var output: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    /// Writes the result: into the run directory, or the CSV to stdout.
    func emit(_ result: SolverResult) throws {
        guard let dir = output else {
            print(result.csv, terminator: "")
            return
        }
        let url = URL(fileURLWithPath: dir)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try result.json.serialized().write(to: url.appendingPathComponent("result.json"), atomically: true, encoding: .utf8)
        try result.csv.write(to: url.appendingPathComponent("result.csv"), atomically: true, encoding: .utf8)
    }

    /// Refuses an output path that exists as a file (checked before any work).
    func check() throws {
        if let dir = output {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), !isDir.boolValue {
                throw ValidationError("--output \(dir): exists and is not a directory")
            }
        }
    }
}

/// Prints a numerical-invariant failure and exits 70 (CONTRACT "Errors").
func exitOnInvariant<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let v as InvariantViolation {
        FileHandle.standardError.write(Data("anderson-noise: \(v)\n".utf8))
        throw ExitCode(70)
    } catch let e as InputError {
        throw ValidationError(e.description)
    }
}

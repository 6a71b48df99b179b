import AndersonNoise
import ArgumentParser
import Foundation

/// Where results go and how the run is executed.
struct RunOptions: ParsableArguments {
    @Option(
        help:
            """
            Run directory for result.json and result.csv (default: CSV of the scalar series on \
            stdout).
            """
    )
    var output: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    /// Refuses an output path that cannot be written (checked before any work).
    func check() throws {
        if let dir = output {
            try mappingErrors { try OutputPath.check(dir, option: "--output", kind: .directory) }
        }
    }
}

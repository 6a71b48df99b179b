import AndersonNoise
import ArgumentParser
import Foundation

/// Where results go and how the run is executed.
struct RunOptions: ParsableArguments {
    @Option(
        help:
            """
            Run directory for result.json and result.csv (default: none, CSV of the scalar \
            series on stdout; allowed a new or empty directory path, or the run's with --resume).
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

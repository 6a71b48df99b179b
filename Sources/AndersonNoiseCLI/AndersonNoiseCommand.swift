import AndersonNoise
import ArgumentParser

/// The `anderson-noise` command: parses its arguments and runs a subcommand (the executable
/// calls `main()`; tests parse in process).
public struct AndersonNoiseCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "anderson-noise",
        abstract:
            "Local noise in the Anderson insulator: four cross-checked solvers (Lezama & Bar Lev).",
        discussion: """
            Units: hbar = 1; energies and times in units of the hopping J (J = 1 by default).
            Sites are 1-based. rho_s[i][j] = Tr(rho c_i^dag c_j).
            """,
        version: Provenance.versionString,
        subcommands: [
            ValidateCommand.self, LindbladCommand.self, ClosureCommand.self,
            TrajectoriesCommand.self,
            MasterCommand.self, LocalizationCommand.self, FigureCommand.self, MergeCommand.self,
            CompareCommand.self, CheckCommand.self, ReferenceCommand.self, BenchCommand.self,
        ]
    )
}

import AndersonNoise
import ArgumentParser

struct TrajectoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trajectories", abstract: "(being built)")
}

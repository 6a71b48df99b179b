import AndersonNoise
import ArgumentParser

struct ClosureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "closure", abstract: "(being built)")
}

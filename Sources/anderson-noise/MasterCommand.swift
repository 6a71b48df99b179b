import AndersonNoise
import ArgumentParser

struct MasterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "master", abstract: "(being built)")
}

import AndersonNoise
import ArgumentParser

struct LindbladCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lindblad", abstract: "(being built)")
}

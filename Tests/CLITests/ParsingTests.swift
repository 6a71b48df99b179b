import ArgumentParser
import Foundation
import Testing
import AndersonNoise
import AndersonNoiseCLI

/// The command line parsed in process (as swift-argument-parser's own tests do): options
/// become the typed run they describe, bad values are usage errors (exit 64) naming the
/// option, and every subcommand's help renders its options with their defaults.
@Suite struct ParsingTests {
    static func spec(_ arguments: [String]) throws -> RunSpec {
        let command = try AndersonNoiseCommand.parseAsRoot(arguments)
        return try #require(command as? any RunCommand).spec()
    }

    @Test func trajectoriesOptionsBecomeTheirRunSpec() throws {
        let spec = try Self.spec([
            "trajectories", "--length", "12", "--noise-site", "3,7", "--gamma", "0.5,2",
            "--initial", "excitation", "--site", "4",
            "--dt", "0.05", "--scheme", "lie", "--noise-realizations", "3", "--realizations", "5",
            "--seed", "9",
            "--times", "0,0.52,1", "--observables", "rms_width,density",
        ])
        #expect(
            spec.chain
                == ChainSpec(
                    length: 12, noiseSites: [2, 6], gammas: [0.5, 2], seed: 9, realizations: 5))
        #expect(spec.initial == .excitation(site: 3))
        #expect(spec.solver == .trajectories(scheme: .lie, dt: 0.05, noiseRealizations: 3))
        #expect(spec.times == [0, 0.5, 1], "times snap to the dt grid")
        #expect(spec.observables == [.rmsWidth, .density])
    }

    /// The defaults each solver documents: L/2 as the noisy site, gamma 1, seed 1; 100
    /// realizations (1 for lindblad and with --potential); the ground state for lindblad and
    /// closure, a random product state for trajectories; the excited site the first noisy site
    /// (L/2 by default) for every solver that takes one.
    @Test func defaultsOfEverySolver() throws {
        let closure = try Self.spec(["closure", "--length", "10"])
        #expect(closure.chain == ChainSpec(length: 10, noiseSites: [4], realizations: 100))
        #expect(closure.initial == .ground(particles: 5))
        #expect(closure.solver == .closure(scheme: .exact, dt: 0.1, tolerance: 1e-10))
        let trajectories = try Self.spec(["trajectories", "--length", "10"])
        #expect(trajectories.initial == .product(particles: 5, occupations: nil))
        #expect(
            trajectories.solver == .trajectories(scheme: .strang, dt: 0.1, noiseRealizations: 10))
        let lindblad = try Self.spec(["lindblad", "--length", "6", "--potential", "0,1,0,1,0,1"])
        #expect(
            lindblad.chain.realizations == 1 && lindblad.chain.potentials == [0, 1, 0, 1, 0, 1])
        let master = try Self.spec(["master", "--length", "10", "--noise-site", "7"])
        #expect(master.initial == .excitation(site: 6))
        #expect(master.solver == .master(MasterSpec()))
        let excitation = try Self.spec(["closure", "--length", "10", "--initial", "excitation"])
        #expect(excitation.initial == .excitation(site: 4))
        for solver in ["closure", "trajectories"] {
            let moved = try Self.spec([
                solver, "--length", "10", "--noise-site", "7,2", "--initial", "excitation",
            ])
            #expect(moved.initial == master.initial, "\(solver) starts where master does")
        }
    }

    @Test(arguments: [
        (["trajectories", "--length", "1"], "--length"),
        (["closure", "--length", "8", "--scheme", "paper"], "--scheme"),
        (["trajectories", "--length", "8", "--scheme", "exact"], "--scheme"),
        (["trajectories", "--length", "8", "--noise-site", "3,3"], "--noise-site"),
        (["master", "--length", "8", "--gamma", "1,2"], "--gamma"),
        (["lindblad", "--length", "6", "--tolerance", "1e-20"], "--tolerance"),
    ])
    func badValuesAreUsageErrorsNamingTheOption(arguments: [String], option: String) {
        do {
            _ = try AndersonNoiseCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(AndersonNoiseCommand.exitCode(for: error).rawValue == 64, "\(arguments)")
            #expect(
                AndersonNoiseCommand.message(for: error).contains(option),
                "\(AndersonNoiseCommand.message(for: error))")
        }
    }

    /// Every subcommand's help renders and shows each solver option with its default.
    @Test func helpOfEverySubcommand() throws {
        for sub in AndersonNoiseCommand.configuration.subcommands {
            let help = AndersonNoiseCommand.helpMessage(for: sub)
            #expect(
                help.contains("USAGE: anderson-noise \(sub.configuration.commandName!)"), "\(sub)")
        }
        let trajectories = AndersonNoiseCommand.helpMessage(for: TrajectoriesCommandType.type)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for shown in [
            "--dt <dt>", "(default: 0.1)", "--scheme <scheme>", "default: strang",
            "--noise-realizations",
        ] {
            #expect(trajectories.contains(shown), "trajectories --help lacks \(shown)")
        }
        #expect(!trajectories.contains("exact"), "trajectories --help offers a scheme it refuses")
    }
}

/// The trajectories subcommand's type, found by name among the root's subcommands.
enum TrajectoriesCommandType {
    static var type: ParsableCommand.Type {
        AndersonNoiseCommand.configuration.subcommands.first {
            $0.configuration.commandName == "trajectories"
        }!
    }
}

import ArgumentParser
import Foundation
import Testing
import AndersonNoise
import AndersonNoiseCLI

/// Every subcommand's --help states, for each option that takes a value, its default (or that
/// it has none) and its allowed values; and the defaults the solver commands state are the
/// ones they run with (the run a command parses to without the option).
@Suite struct HelpTextTests {
    /// One option or argument of a help text: its name ("--dt", "<which>"), whether it takes a
    /// value, and its help text with whitespace collapsed.
    struct Entry {
        var name: String
        var takesValue: Bool
        var text: String
    }

    static func entries(_ command: ParsableCommand.Type) -> [Entry] {
        let help = AndersonNoiseCommand.helpMessage(for: command, columns: 100)
        var out: [Entry] = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(":") && !line.hasPrefix(" ") {
                inOptions = line == "OPTIONS:" || line == "ARGUMENTS:"
                continue
            }
            guard inOptions else { continue }
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if indent == 2 && (trimmed.hasPrefix("-") || trimmed.hasPrefix("<")) {
                let words = trimmed.split(separator: " ", omittingEmptySubsequences: true)
                let name = words.first { $0.hasPrefix("--") || $0.hasPrefix("<") } ?? words[0]
                let takesValue = name.hasPrefix("<") || words.contains { $0.hasPrefix("<") }
                out.append(Entry(name: String(name), takesValue: takesValue, text: String(trimmed)))
            } else if let last = out.indices.last, !trimmed.isEmpty {
                out[last].text += " " + trimmed
            }
        }
        return out.map {
            var e = $0
            e.text = e.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return e
        }
    }

    /// Options with a value state a default (swift-argument-parser's "(default: X)", or the
    /// help's own "default: ..." or "required") and their allowed values ("allowed ...", or the
    /// parser's "(values: ...)"); flags are off unless given.
    @Test func everyOptionStatesItsDefaultAndRange() {
        var checked = 0
        for sub in AndersonNoiseCommand.configuration.subcommands {
            let command = sub.configuration.commandName!
            for e in Self.entries(sub) where e.takesValue {
                checked += 1
                #expect(
                    e.text.contains("default: ") || e.text.contains("required"),
                    "\(command) \(e.name) states no default: \(e.text)")
                #expect(
                    e.text.contains("allowed ") || e.text.contains("(values: "),
                    "\(command) \(e.name) states no range: \(e.text)")
            }
        }
        #expect(checked > 60, "the help texts were not read (\(checked) options)")
    }

    /// The default an option's help states for `command`: the text after "default: " up to
    /// ")" or ";", or a later clause "command V" / "command: V" naming the command.
    static func statedDefault(_ text: String, command: String) -> String? {
        var found: String?
        var rest = Substring(text)
        while let r = rest.range(of: "default: ") {
            let tail = rest[r.upperBound...]
            let segment = tail.prefix { $0 != ")" }
            let clauses = segment.split(separator: ";").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            found = clauses.first
            for clause in clauses.dropFirst()
            where clause.hasPrefix(command + " ") || clause.hasPrefix(command + ": ") {
                found = String(clause.dropFirst(command.count + 1))
                    .trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            }
            rest = tail
        }
        return found
    }

    /// What each solver option's value is in the run a command parses to.
    static let actual: [String: @Sendable (RunSpec) -> String] = [
        "--length": { "\($0.chain.length)" },
        "--hopping": { "\($0.chain.hopping)" },
        "--disorder": { "\($0.chain.disorder)" },
        "--seed": { "\($0.chain.seed)" },
        "--realizations": { "\($0.chain.realizations)" },
        "--gamma": { "\($0.chain.gammas[0])" },
        "--noise-site": { "\($0.chain.noiseSites[0] + 1)" },
        "--initial": { $0.initial.kind.rawValue },
        "--particles": {
            switch $0.initial {
            case .ground(let n), .product(let n, _): return "\(n)"
            case .excitation: return "-"
            }
        },
        "--site": {
            if case .excitation(let j) = $0.initial { return "\(j + 1)" }
            return "-"
        },
        "--t-max": { "\($0.times.last!)" },
        "--dt": { $0.solver.dt.map { "\($0)" } ?? "-" },
        "--noise-realizations": { $0.solver.noiseRealizations.map { "\($0)" } ?? "-" },
        "--tolerance": {
            switch $0.solver {
            case .lindblad(let t), .closure(_, _, let t): return "\(t)"
            default: return "-"
            }
        },
        "--scheme": {
            switch $0.solver {
            case .closure(let s, _, _), .trajectories(let s, _, _): return s.rawValue
            default: return "-"
            }
        },
    ]

    /// A stated default as the value it names on L sites with the run's first noisy site.
    static func evaluate(_ stated: String, spec: RunSpec) -> String {
        if stated == "L/2" { return "\(spec.chain.length / 2)" }
        if stated.hasPrefix("the first noisy site") { return "\(spec.chain.noiseSites[0] + 1)" }
        return stated
    }

    static func same(_ a: String, _ b: String) -> Bool {
        if let x = Double(a), let y = Double(b) { return x == y }
        return a == b
    }

    /// Each solver command, parsed with only what it requires (and --initial excitation where
    /// --site applies), runs with the defaults its help states; a stated "required" option is
    /// refused when left out.
    @Test(arguments: [
        ("lindblad", ["--length", "8"]), ("closure", []), ("trajectories", []), ("master", []),
        ("closure", ["--initial", "excitation"]), ("trajectories", ["--initial", "excitation"]),
    ])
    func statedDefaultsAreTheParsedOnes(command: String, base: [String]) throws {
        let sub = try #require(
            AndersonNoiseCommand.configuration.subcommands.first {
                $0.configuration.commandName == command
            })
        let parsed = try AndersonNoiseCommand.parseAsRoot([command] + base)
        let spec = try #require(parsed as? any RunCommand).spec()
        var compared = 0
        for e in Self.entries(sub) {
            guard !base.contains(e.name) || e.name == "--length", let value = Self.actual[e.name],
                let stated = Self.statedDefault(e.text, command: command)
            else { continue }
            if stated.contains("required") {
                let without = base.firstIndex(of: e.name).map {
                    Array(base[..<$0] + base[($0 + 2)...])
                }
                #expect(
                    without.map { w in
                        (try? AndersonNoiseCommand.parseAsRoot([command] + w)) == nil
                    } ?? false,
                    "\(command) \(e.name) says required but parses without it")
                continue
            }
            let got = value(spec)
            if got == "-" { continue }
            compared += 1
            let expected = Self.evaluate(stated, spec: spec)
            #expect(
                Self.same(expected, got),
                "\(command) \(e.name): --help says default \(stated), the run has \(got)")
        }
        #expect(compared >= 8, "\(command): \(compared) stated defaults compared")
    }
}

import AndersonNoise
import Benchmarks
import ArgumentParser
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Time the hot paths (median of repeats after a warm-up, single thread unless stated).",
        discussion: """
            Prints a table and writes bench.json (with the machine description) into --output DIR. \
            --check FILE compares with a stored bench.json and flags cases slower by more than \
            --margin (a developer tool, not a CI gate; on a shared virtual machine, where repeated \
            runs vary by up to 30 %, use a larger margin). Both runs must use the same --quick.
            """
    )

    @Option(help: "Directory for bench.json.")
    var output: String?

    @Option(help: "A stored bench.json to compare with.")
    var check: String?

    @Option(help: "Allowed slowdown before a case is flagged, as a fraction (0.25 = 25 %).")
    var margin: Double = 0.25

    @Flag(help: "Fewer repeats and smaller end-to-end cases.")
    var quick = false

    @Option(help: "Run only the cases whose name contains this text.")
    var filter: String?

    func validate() throws {
        guard margin.isFinite && margin > 0 else {
            throw ValidationError("--margin \(margin): must be > 0")
        }
        if let filter, !BenchCases.all.contains(where: { $0.name.contains(filter) }) {
            throw ValidationError(
                "--filter '\(filter)': matches no case; allowed a part of a case name: "
                    + BenchCases.all.map(\.name).joined(separator: ", "))
        }
        if let output {
            try mappingErrors { try OutputPath.check(output, option: "--output", kind: .directory) }
        }
        if let path = check {
            guard let data = FileManager.default.contents(atPath: path),
                let json = try? JSONValue.parse(data),
                json["schema"]?.stringValue == "anderson-noise/bench/1"
            else {
                throw ValidationError("--check \(path): not a readable anderson-noise bench.json")
            }
            let recordedQuick = json["quick"] == .bool(true)
            guard recordedQuick == quick else {
                throw ValidationError(
                    "--check \(path): recorded \(recordedQuick ? "with" : "without") "
                        + "--quick; run bench the same way (the cases' sizes differ)"
                )
            }
        }
    }

    func run() throws {
        BLAS.useSingleThread()
        let cases = BenchCases.all.filter { filter == nil || $0.name.contains(filter!) }
        let machine = Stopwatch.machineDescription()
        print("machine: \(machine)")
        var rows: [(String, Double)] = []
        for c in cases {
            let seconds = try c.measure(quick)
            rows.append((c.name, seconds))
            print(Self.pad(c.name, 58) + Self.pad(Self.format(seconds), 12) + c.detail)
        }
        let json = JSONValue.object([
            ("schema", .string("anderson-noise/bench/1")),
            ("machine", .string(machine)),
            ("version", .string(Provenance.version)),
            ("git_commit", .string(Provenance.buildCommit)),
            ("git_dirty", .bool(Provenance.buildDirty)),
            ("date", .string(ISO8601DateFormatter().string(from: Date()))),
            ("quick", .bool(quick)),
            ("cases", .object(rows.map { ($0.0, .number($0.1)) })),
        ])
        if let dir = output {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try json.serialized().write(
                toFile: dir + "/bench.json", atomically: true, encoding: .utf8)
        }
        if let path = check, let data = FileManager.default.contents(atPath: path),
            let old = try? JSONValue.parse(data)
        {
            var regressions = 0
            for (name, seconds) in rows {
                guard let before = old["cases"]?[name]?.doubleValue else { continue }
                let ratio = seconds / before
                let flag = ratio > 1 + margin ? "REGRESSION" : "ok"
                if ratio > 1 + margin { regressions += 1 }
                print(
                    Self.pad(name, 58)
                        + "\(Self.format(before)) -> \(Self.format(seconds)) "
                        + "(x\(String(format: "%.2f", ratio))) \(flag)"
                )
            }
            if regressions > 0 { throw ExitCode(1) }
        }
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    static func format(_ s: Double) -> String {
        if s < 1e-3 { return String(format: "%.3g us", s * 1e6) }
        if s < 1 { return String(format: "%.3g ms", s * 1e3) }
        return String(format: "%.3g s", s)
    }
}

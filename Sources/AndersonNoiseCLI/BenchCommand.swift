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

    @Option(
        help: "Directory for bench.json (default: none, not written; allowed a directory path).")
    var output: String?

    @Option(help: "A stored bench.json to compare with (default: none; allowed a file path).")
    var check: String?

    @Option(help: "Slowdown before a case is flagged, as a fraction, 0.25 = 25 % (allowed >= 0).")
    var margin: Double = 0.25

    @Flag(help: "Fewer repeats and smaller end-to-end cases.")
    var quick = false

    @Option(
        help:
            """
            Run only the cases whose name contains this text (default: none, every case; \
            allowed a part of a case name).
            """
    )
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
            guard let stored = BenchRecord.read(path: path) else {
                throw ValidationError("--check \(path): not a readable anderson-noise bench.json")
            }
            guard stored.quick == quick else {
                throw ValidationError(
                    "--check \(path): recorded \(stored.quick ? "with" : "without") "
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
        var rows: [(name: String, seconds: Double)] = []
        for c in cases {
            let seconds = try c.measure(quick)
            rows.append((c.name, seconds))
            print(Self.pad(c.name, 58) + Self.pad(Self.format(seconds), 12) + c.detail)
        }
        let record = BenchRecord(machine: machine, quick: quick, cases: rows)
        if let dir = output { try record.write(to: dir) }
        if let path = check, let stored = BenchRecord.read(path: path) {
            let compared = record.compare(with: stored.seconds, margin: margin)
            for r in compared {
                let flag = r.regression ? "REGRESSION" : "ok"
                print(
                    Self.pad(r.name, 58) + "\(Self.format(r.before)) -> \(Self.format(r.seconds)) "
                        + "(x\(String(format: "%.2f", r.ratio))) \(flag)")
            }
            if compared.contains(where: \.regression) { throw ExitCode(1) }
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

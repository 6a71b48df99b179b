import AndersonNoise
import ArgumentParser
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Run every solver on small default cases and every cross-check between them.",
        discussion: "Prints one table (check, measured, tolerance, PASS/FAIL); exit 0 only if all pass."
    )

    @Flag(help: "Smaller cases and fewer samples.")
    var quick = false

    @Option(help: "Chain length of the exact-solver cases (4...10).")
    var length: Int = 6

    @Option(help: "Master seed of the random cases.")
    var seed: UInt64 = 2024

    @Option(help: "Write a JSON report to this file.")
    var output: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        guard (4...10).contains(length) else { throw ValidationError("--length \(length): allowed 4...10") }
        if let output { try OutputPath.check(output, option: "--output", kind: .file) }
    }

    func run() throws {
        let settings = ValidationSettings(quick: quick, length: length, seed: seed)
        let checks = ValidationSuite.checks(settings)
        let nameWidth = max(checks.map(\.name.count).max() ?? 0, 5)
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        print(pad("check", nameWidth) + "  " + pad("measured", 12) + "  " + pad("tolerance", 16) + "  result")
        var results: [CheckResult] = []
        let start = Date()
        for (n, check) in checks.enumerated() {
            if !quiet { FileHandle.standardError.write(Data("[\(n + 1)/\(checks.count)] \(check.name)...\n".utf8)) }
            let r = check.run()
            results.append(r)
            let measured = String(format: "%.3e", r.measured)
            print(pad(r.name, nameWidth) + "  " + pad(measured, 12) + "  " + pad(r.criterion, 16) + "  "
                + (r.passed ? "PASS" : "FAIL"))
        }
        let failed = results.filter { !$0.passed }
        let seconds = Date().timeIntervalSince(start)
        print(failed.isEmpty
            ? "ALL \(results.count) CHECKS PASSED in \(String(format: "%.1f", seconds)) s"
            : "\(failed.count) OF \(results.count) CHECKS FAILED: \(failed.map(\.name).joined(separator: "; "))")
        if let path = output {
            let report = JSONValue.object([
                ("schema", .string("anderson-noise/validate/1")),
                ("passed", .bool(failed.isEmpty)),
                ("seconds", .number(seconds)),
                ("checks", .array(results.map {
                    .object([("name", .string($0.name)), ("measured", .number($0.measured)),
                             ("tolerance", .number($0.tolerance)), ("criterion", .string($0.criterion)),
                             ("passed", .bool($0.passed))])
                })),
            ])
            try report.serialized().write(toFile: path, atomically: true, encoding: .utf8)
        }
        if !failed.isEmpty { throw ExitCode(1) }
    }
}

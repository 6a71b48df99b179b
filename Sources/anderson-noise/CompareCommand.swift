import AndersonNoise
import ArgumentParser

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two results: deterministic series by tolerance, stochastic ones by z-score.",
        discussion: "Prints the worst points. Exit 0 when they agree, 1 when they do not, 64 on unreadable input."
    )

    @Argument(help: "First result (run directory or result.json).")
    var a: String

    @Argument(help: "Second result (run directory or result.json).")
    var b: String

    @Option(help: "Tolerance for series without standard errors: |a - b| <= tol (1 + |b|).")
    var tolerance: Double = 1e-8

    @Option(help: "Largest allowed z-score for series with standard errors.")
    var sigma: Double = 4

    func validate() throws {
        guard tolerance.isFinite && tolerance >= 0 else { throw ValidationError("--tolerance \(tolerance): must be >= 0") }
        guard sigma.isFinite && sigma > 0 else { throw ValidationError("--sigma \(sigma): must be > 0") }
    }

    func run() throws {
        let (ja, jb) = try exitOnInvariant { (try ResultComparison.load(a), try ResultComparison.load(b)) }
        let c = ResultComparison(ja, jb, tolerance: tolerance, sigma: sigma)
        for p in c.problems { print("problem: \(p)") }
        print("compared: \(c.compared.joined(separator: ", "))")
        if !c.notCompared.isEmpty { print("not compared (missing or different shape): \(c.notCompared.joined(separator: ", "))") }
        print("worst points:")
        for p in c.worst {
            print("  \(p.observable)[\(p.index)] t=\(p.time): a=\(p.a) b=\(p.b) \(p.byZ ? "z" : "|a-b|/tol")=\(p.score)")
        }
        print(c.agree ? "AGREE" : "DISAGREE")
        if !c.agree { throw ExitCode(1) }
    }
}

import AndersonNoise
import ArgumentParser
import Foundation

struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Write the catalogue of exact reference cases (case.json and reference.csv).",
        discussion: """
            Each case is DIR/<case>/case.json (its parameters in the solvers' option names \
            and in the result-file form, potentials written out; what the reference is; the \
            source of its closed form or limit and the difference measured from it) and \
            DIR/<case>/reference.csv in the check format. `anderson-noise check \
            DIR/<case>/reference.csv --parameters DIR/<case>/case.json` agrees with itself; \
            run your own code on a case's physics and check its output the same way.
            """
    )

    @Option(help: "Directory to write the cases in (required; allowed a new or empty directory).")
    var output: String

    func validate() throws {
        try mappingErrors { try OutputPath.check(output, option: "--output", kind: .directory) }
        let items = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        if !items.isEmpty {
            throw ValidationError("--output \(output): not empty; choose a new directory")
        }
    }

    func run() throws {
        // All or nothing: a failed write (a full disk) leaves no partial catalogue.
        var written: [CatalogueWriter.Written] = []
        try mappingErrors {
            try MergePlan.writeAtomically(output) {
                written = try CatalogueWriter.write(to: $0.path)
            }
        }
        for w in written {
            let closed = w.closedFormDifference.map {
                ", closed form met to " + String(format: "%.2g", $0)
            }
            print("\(w.name): \(w.method.rawValue)\(closed ?? "")")
        }
        print("wrote \(written.count) cases to \(output)")
    }
}

import AndersonNoise
import ArgumentParser

/// `--observables LIST`: which observables to compute and write.
struct ObservableOptions: ParsableArguments {
    @Option(help: "Observables to compute and write, comma-separated (names as in result.json; default: all the solver produces, the L^2-per-time ones only for L <= 16).")
    var observables: String?

    /// The requested set, checked against what the solver can produce.
    func selection(allowed: [String]) throws -> Set<String>? {
        guard let spec = observables else { return nil }
        let names = spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty else { throw ValidationError("--observables '\(spec)': give at least one name") }
        for n in names where !allowed.contains(n) {
            throw ValidationError("--observables \(n): allowed \(allowed.joined(separator: ", "))")
        }
        return Set(names)
    }
}

extension ObservableOptions {
    /// Refuses requested observables the solver does not produce for this initial state
    /// (entanglement for an excitation, transport for a ground or product state): they would
    /// be silently absent, and a selection of only such names would run and average nothing.
    static func checkProduced(_ requested: Set<String>?, by layout: ObservableLayout, initial kind: InitialKind) throws {
        guard let requested else { return }
        let produced = Set(layout.entries.map(\.name))
        if let missing = requested.subtracting(produced).sorted().first {
            throw ValidationError(
                "--observables \(missing): not produced with --initial \(kind.rawValue) (here: \(layout.entries.map(\.name).joined(separator: ", ")))")
        }
    }
}

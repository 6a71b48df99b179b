import AndersonNoise
import ArgumentParser

/// `--observables LIST`: which observables to compute and write.
struct ObservableOptions: ParsableArguments {
    @Option(help: "Observables to compute and write, comma-separated (names as in result.json; default: all the solver produces, the L^2-per-time ones only for L <= 16).")
    var observables: String?

    /// The requested set, checked against what the solver can produce.
    func selection(allowed: [String]) throws -> [String]? {
        guard let spec = observables else { return nil }
        let names = spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty else { throw ValidationError("--observables '\(spec)': give at least one name") }
        for n in names where !allowed.contains(n) {
            throw ValidationError("--observables \(n): allowed \(allowed.joined(separator: ", "))")
        }
        return names.reduce(into: []) { list, n in if !list.contains(n) { list.append(n) } }
    }
}

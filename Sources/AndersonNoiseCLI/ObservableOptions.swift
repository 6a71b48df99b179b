import AndersonNoise
import ArgumentParser

/// `--observables LIST`: which observables to compute and write.
struct ObservableOptions: ParsableArguments {
    @Option(
        help:
            """
            Observables to compute and write, comma-separated (default: all the solver \
            produces, the L^2-per-time ones only for L <= 16; allowed the solver's names as in \
            result.json).
            """
    )
    var observables: String?

    /// The requested observables in the order given (repeats dropped), each checked against
    /// what the solver can produce: an unknown or other solver's name is a usage error naming
    /// the allowed ones. nil when the option is absent.
    func selection(allowed: [Observable]) throws -> [Observable]? {
        guard let spec = observables else { return nil }
        let names = spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty else {
            throw ValidationError("--observables '\(spec)': give at least one name")
        }
        var list: [Observable] = []
        for n in names {
            guard let o = Observable(rawValue: n), allowed.contains(o) else {
                throw ValidationError(
                    "--observables \(n): allowed \(allowed.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if !list.contains(o) { list.append(o) }
        }
        return list
    }
}

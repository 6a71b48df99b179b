import AndersonNoise
import ArgumentParser

typealias InitialKind = InitialSpec.Kind

extension InitialSpec.Kind: ExpressibleByArgument {}

/// The initial state (`--initial --particles --occupations --site`).
struct StateOptions: ParsableArguments {
    @Option(help: "Initial state: ground | product | excitation.")
    var initial: InitialKind?

    @Option(help: "Particle number N (default L/2).")
    var particles: Int?

    @Option(
        help:
            """
            Product state occupations n_1,...,n_L of 0/1 (default: random, N particles, from the \
            seed).
            """
    )
    var occupations: String?

    @Option(help: "Excited site j for --initial excitation, 1-based (default L/2).")
    var site: Int?

    func check(length l: Int, kind: InitialKind, allowed: [InitialKind]) throws {
        guard allowed.contains(kind) else {
            throw ValidationError(
                "--initial \(kind.rawValue): allowed "
                    + "\(allowed.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let n = particles, !(0...l).contains(n) {
            throw ValidationError("--particles \(n): allowed 0...\(l)")
        }
        if let occ = try parsedOccupations() {
            guard occ.count == l else {
                throw ValidationError(
                    "--occupations has \(occ.count) values: give exactly L = \(l)")
            }
            guard occ.allSatisfy({ $0 == 0 || $0 == 1 }) else {
                throw ValidationError("--occupations: values must be 0 or 1")
            }
            if let n = particles, occ.reduce(0, +) != n {
                throw ValidationError(
                    "--occupations has \(occ.reduce(0, +)) particles but --particles is \(n)")
            }
            if kind != .product {
                throw ValidationError("--occupations: only with --initial product")
            }
        }
        if let j = site {
            guard (1...l).contains(j) else {
                throw ValidationError("--site \(j): allowed 1...\(l) (1-based site)")
            }
            if kind != .excitation {
                throw ValidationError("--site: only with --initial excitation")
            }
        }
    }

    func parsedOccupations() throws -> [Int]? {
        try occupations.map { try ListParsing.ints($0, option: "--occupations") }
    }

    func particleCount(length l: Int) throws -> Int {
        if let occ = try parsedOccupations() { return occ.reduce(0, +) }
        return particles ?? l / 2
    }

    /// The initial state of the run on L sites.
    func spec(kind: InitialKind, length l: Int) throws -> InitialSpec {
        switch kind {
        case .ground: return .ground(particles: try particleCount(length: l))
        case .product:
            return .product(
                particles: try particleCount(length: l), occupations: try parsedOccupations())
        case .excitation: return .excitation(site: (site ?? l / 2) - 1)
        }
    }
}

import AndersonNoise
import ArgumentParser

typealias InitialKind = InitialSpec.Kind

extension InitialSpec.Kind: ExpressibleByArgument {}

/// The initial state (`--initial --particles --occupations --site`).
struct StateOptions: ParsableArguments {
    @Option(
        help: """
            Initial state (default: ground; trajectories: product; master: always excitation; \
            allowed ground | product | excitation, lindblad ground | product).
            """)
    var initial: InitialKind?

    @Option(help: "Particle number N (default: L/2; allowed 0...L).")
    var particles: Int?

    @Option(
        help:
            """
            Product state occupations n_1,...,n_L (default: none, drawn with N particles from \
            the seed; allowed L values 0 or 1 summing to N).
            """
    )
    var occupations: String?

    @Option(
        help: """
            Excited site j for --initial excitation, 1-based (default: the first noisy site, L/2 \
            without --noise-site, as master's --site; allowed 1...L).
            """)
    var site: Int?

    /// Refuses options that do not apply to the initial state (the ranges are the run's:
    /// `RunSpec.validate`).
    func check(kind: InitialKind) throws {
        if occupations != nil && kind != .product {
            throw ValidationError("--occupations: only with --initial product")
        }
        if site != nil && kind != .excitation {
            throw ValidationError("--site: only with --initial excitation")
        }
    }

    func parsedOccupations() throws -> [Int]? {
        try occupations.map { try ListParsing.ints($0, option: "--occupations") }
    }

    func particleCount(length l: Int) throws -> Int {
        let occupied = try parsedOccupations()?.reduce(0, +)
        return particles ?? occupied ?? l / 2
    }

    /// The initial state of the run on `chain`'s L sites; an excitation starts on --site, else
    /// on the first noisy site (the rule of master's --site: the transport problem of Fig. 3).
    func spec(kind: InitialKind, chain: ChainSpec) throws -> InitialSpec {
        let l = chain.length
        switch kind {
        case .ground: return .ground(particles: try particleCount(length: l))
        case .product:
            return .product(
                particles: try particleCount(length: l), occupations: try parsedOccupations())
        case .excitation: return .excitation(site: site.map { $0 - 1 } ?? chain.noiseSites[0])
        }
    }
}

import AndersonNoise
import ArgumentParser
import Foundation

/// The chain and its disorder (options shared by the solver commands).
struct ChainOptions: ParsableArguments {
    @Option(
        help: """
            Number of sites L (default: 100; lindblad: none, required; check: none, required \
            without --parameters; allowed 2 to the solver's longest chain: \(RunLimits.lengths)).
            """)
    var length: Int?

    @Option(help: "Hopping J (allowed \(RunLimits.hopping)).")
    var hopping: Double = 1

    @Option(help: "Disorder W: potentials uniform in [-W, W] (allowed \(RunLimits.disorder)).")
    var disorder: Double = 1

    @Option(
        help: """
            Explicit potentials w_1,...,w_L, or @FILE with one number a line; one realization \
            (default: none, drawn from the seed; allowed L values in \(RunLimits.potential)).
            """)
    var potential: String?

    @OptionGroup var noise: NoiseOptions

    @Option(help: "Master seed (allowed 0...\(UInt64.max)).")
    var seed: UInt64 = 1

    @Option(
        help: """
            Disorder realizations (default: 100; lindblad 1; 1 with --potential or master \
            --rates ansatz; allowed \(RunLimits.text(RunLimits.realizations)), 1 with --potential).
            """)
    var realizations: Int?

    /// Parsed `--potential`, nil when not given.
    func explicitPotentials() throws -> [Double]? {
        guard let spec = potential else { return nil }
        return try ListParsing.doubles(spec, option: "--potential")
    }

    /// L from --length, or from the potential list.
    func resolvedLength(default defaultLength: Int?) throws -> Int {
        let explicit = try explicitPotentials()
        if let l = length, let w = explicit, w.count != l {
            throw ValidationError(
                "--potential has \(w.count) values but --length is \(l): give exactly L values")
        }
        guard let l = length ?? explicit?.count ?? defaultLength else {
            throw ValidationError("--length is required (an integer >= 2)")
        }
        return l
    }

    var realizationCount: Int { realizations ?? (potential == nil ? 100 : 1) }

    /// The chain of the run on L sites, with `realizations` disorder realizations (default:
    /// `--realizations`, else 1 with `--potential` and 100 without).
    func spec(length l: Int, realizations count: Int? = nil) throws -> ChainSpec {
        let sites = try noise.sites(length: l)
        return ChainSpec(
            length: l, hopping: hopping, disorder: disorder, potentials: try explicitPotentials(),
            noiseSites: sites,
            gammas: try noise.gammas(), seed: seed,
            realizations: count ?? realizationCount)
    }
}

enum ListParsing {
    /// A comma-separated list of finite numbers, or `@FILE` with one number a line (`NumberList`).
    static func doubles(_ spec: String, option: String) throws -> [Double] {
        do {
            return spec.hasPrefix("@")
                ? try NumberList.read(file: String(spec.dropFirst()), option: option)
                : try NumberList.parse(spec, option: option)
        } catch let e as InputError {
            throw ValidationError(e.description)
        }
    }

    static func ints(_ spec: String, option: String) throws -> [Int] {
        try spec.split(separator: ",", omittingEmptySubsequences: false).map {
            let s = $0.trimmingCharacters(in: .whitespaces)
            guard let x = Int(s) else {
                throw ValidationError(
                    "\(option) '\(s)': expected a comma-separated list of integers")
            }
            return x
        }
    }
}

import AndersonNoise
import ArgumentParser

/// Where the noise sits and how strong it is (options shared by the solver commands): part of
/// the chain options.
struct NoiseOptions: ParsableArguments {
    @Option(
        help:
            """
            Noise strength gamma (>= 0): one value for every noisy site, or G1,G2,... one per \
            noisy site (same order).
            """
    )
    var gamma: String = "1"

    @Option(
        help:
            """
            Noisy sites K1,K2,..., 1-based and distinct (default L/2); one value is one noisy \
            site.
            """
    )
    var noiseSite: String?

    @Option(help: "Noise on sites D, 2D, 3D, ... <= L (1 <= D <= L; not with --noise-site).")
    var noiseSpacing: Int?

    /// The noisy sites, 0-based, in the order given.
    func sites(length l: Int) throws -> [Int] {
        if let d = noiseSpacing {
            if noiseSite != nil {
                throw ValidationError(
                    "--noise-spacing \(d): not with --noise-site (give one of them)")
            }
            guard (1...l).contains(d) else {
                throw ValidationError("--noise-spacing \(d): allowed 1...\(l) (the length)")
            }
            return Array(stride(from: d - 1, to: l, by: d))
        }
        guard let spec = noiseSite else { return [l / 2 - 1] }
        let sites = try ListParsing.ints(spec, option: "--noise-site")
        if let k = sites.first(where: { !(1...l).contains($0) }) {
            throw ValidationError("--noise-site \(k): allowed 1...\(l) (1-based site)")
        }
        var seen = Set<Int>()
        if let k = sites.first(where: { !seen.insert($0).inserted }) {
            throw ValidationError(
                "--noise-site \(spec): site \(k) is repeated; allowed distinct sites in 1...\(l)")
        }
        return sites.map { $0 - 1 }
    }

    /// gamma_s of each noisy site, in the order of `sites`.
    func gammas(count: Int) throws -> [Double] {
        let values = try ListParsing.doubles(gamma, option: "--gamma")
        if let g = values.first(where: { !($0 >= 0) }) {
            throw ValidationError("--gamma \(g): must be >= 0 and finite")
        }
        if values.count == 1 { return [Double](repeating: values[0], count: count) }
        guard values.count == count else {
            throw ValidationError(
                "--gamma \(gamma): \(values.count) values for \(count) noisy "
                    + "site\(count == 1 ? "" : "s"); allowed one value or one per noisy "
                    + "site (\(count))"
            )
        }
        return values
    }

    /// Validates the lists for a chain of L sites.
    func check(length l: Int) throws {
        _ = try gammas(count: try sites(length: l).count)
    }
}

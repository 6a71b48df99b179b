import AndersonNoise
import ArgumentParser

/// Where the noise sits and how strong it is (options shared by the solver commands): part of
/// the chain options.
struct NoiseOptions: ParsableArguments {
    @Option(
        help:
            """
            Noise strength gamma: one value for every noisy site, or G1,G2,... one per noisy \
            site, same order (allowed \(RunLimits.gamma) each).
            """
    )
    var gamma: String = "1"

    @Option(
        help:
            """
            Noisy sites K1,K2,..., 1-based; one value is one noisy site (default: L/2; allowed \
            distinct sites in 1...L).
            """
    )
    var noiseSite: String?

    @Option(
        help:
            """
            Noise on sites D, 2D, 3D, ... <= L (default: none; allowed 1...L; not with \
            --noise-site).
            """
    )
    var noiseSpacing: Int?

    /// The noisy sites, 0-based, in the order given.
    func sites(length l: Int) throws -> [Int] {
        if let d = noiseSpacing {
            if noiseSite != nil {
                throw ValidationError(
                    "--noise-spacing \(d): not with --noise-site (give one of them)")
            }
            guard d >= 1 && d <= l else {
                throw ValidationError("--noise-spacing \(d): allowed 1...\(l) (the length)")
            }
            return Chain.sites(every: d, length: l)
        }
        guard let spec = noiseSite else { return [l / 2 - 1] }
        return try ListParsing.ints(spec, option: "--noise-site").map { $0 - 1 }
    }

    /// gamma_s of each noisy site, or one value for all of them (`ChainSpec`).
    func gammas() throws -> [Double] { try ListParsing.doubles(gamma, option: "--gamma") }
}

/// How far sampled means lie from exact values, in standard errors: the statistical half of
/// every trajectory cross-check.
///
/// z_n = |mean_n - exact_n| / sqrt(se_n^2 + e^2) with the round-off allowance
/// e = roundOff * max_n |exact_n| in quadrature (where a quantity does not fluctuate, e.g. at
/// t = 0, a pure z-score would divide round-off by round-off). No point is skipped, and a
/// check also counts the informative points, those whose standard error exceeds e: if the
/// noise did nothing (all standard errors zero), the comparison reads as failed instead of
/// vacuously passed.
public struct SampledAgreement: Sendable {
    public let maxZ: Double
    /// Index of the worst point.
    public let worst: Int
    /// Points whose standard error exceeds the round-off allowance.
    public let informative: Int
    public let points: Int

    public init(mean: [Double], standardError: [Double]?, exact: [Double], roundOff: Double = 1e-12)
    {
        precondition(mean.count == exact.count)
        let se = standardError ?? [Double](repeating: 0, count: mean.count)
        let e = roundOff * exact.reduce(0) { max($0, abs($1)) }
        var maxZ = 0.0, worst = 0, informative = 0
        for n in mean.indices {
            let d = abs(mean[n] - exact[n])
            let scale = (se[n] * se[n] + e * e).squareRoot()
            let z = d == 0 ? 0 : scale > 0 ? d / scale : .infinity
            if !(z <= maxZ) { maxZ = z.isNaN ? .infinity : z; worst = n }
            if se[n] > e { informative += 1 }
        }
        self.maxZ = maxZ
        self.worst = worst
        self.informative = informative
        self.points = mean.count
    }

    /// max |z| <= k with at least `minimumInformative` informative points.
    public func passes(k: Double, minimumInformative: Int) -> Bool {
        maxZ <= k && informative >= minimumInformative
    }
}

import Agreement

/// A sampled agreement as a row of `validate` (the statistics themselves are `Agreement`'s).
extension SampledAgreement {
    /// A `validate` row: measured max |z| (infinite when too few points were informative).
    public func check(name: String, k: Double, minimumInformative: Int) -> CheckResult {
        CheckResult(
            name: name, measured: informative >= minimumInformative ? maxZ : .infinity,
            tolerance: k,
            criterion: "|z| <= \(k), n >= \(minimumInformative)")
    }

    /// The row of a comparison that could not be made (a solver threw).
    public static func failed(_ name: String, k: Double) -> CheckResult {
        CheckResult(name: name, measured: .infinity, tolerance: k, criterion: "|z| <= \(k)")
    }
}

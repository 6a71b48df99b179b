/// The dephasing of the many-body Lindblad equation in the Fock basis of one sector:
///     sum_s gamma_s (n_s rho n_s - {n_s, rho} / 2) = -D o rho,
///     D_ab = (1/2) sum_s gamma_s (n_s(a) - n_s(b))^2,
/// because every n_s is diagonal with entries 0/1 (paper eq. 4 with several noisy sites).
///
/// (n_s(a) - n_s(b))^2 is bit s of (a xor b) for the basis bit strings a, b, so with the noisy
/// sites grouped by equal gamma, D_ab = sum_g (gamma_g / 2) popcount((a xor b) & mask_g): one
/// xor and one popcount per group and pair, whatever the number of sites (one group when
/// every noisy site has the same gamma). Nothing of size d^2 is stored.
public struct FockDephasing: Sendable {
    /// The sector's basis bit strings.
    public let states: [UInt64]
    /// Bit mask of the noisy sites of each group.
    public let masks: [UInt64]
    /// gamma_g / 2 of each group.
    public let halfRates: [Double]

    public init(sector: FockSector, noiseSites: [Int], gammas: [Double]) {
        precondition(noiseSites.count == gammas.count)
        states = sector.states
        var distinct: [Double] = [], masks: [UInt64] = [], halfRates: [Double] = []
        for gamma in gammas where !distinct.contains(gamma) { distinct.append(gamma) }
        for gamma in distinct {
            let halfGamma = gamma / 2
            masks.append(zip(noiseSites, gammas).reduce(0) { $1.1 == gamma ? $0 | (1 << UInt64($1.0)) : $0 })
            halfRates.append(halfGamma)
        }
        self.masks = masks
        self.halfRates = halfRates
    }

    /// max_ab D_ab <= (1/2) sum_s gamma_s (every noisy site differing): the dissipator's share
    /// of the generator's norm bound.
    public var largestRate: Double {
        zip(masks, halfRates).reduce(0) { $0 + Double($1.0.nonzeroBitCount) * $1.1 }
    }

    /// D_ab.
    public func rate(_ a: Int, _ b: Int) -> Double {
        Self.rate(states[a] ^ states[b], masks: masks, halfRates: halfRates)
    }

    /// D for the differing bits `x` = a xor b.
    @inline(__always)
    static func rate(_ x: UInt64, masks: UnsafeBufferPointer<UInt64>, halfRates: UnsafeBufferPointer<Double>) -> Double {
        var d = 0.0
        for g in 0..<masks.count { d += halfRates[g] * Double((x & masks[g]).nonzeroBitCount) }
        return d
    }

    static func rate(_ x: UInt64, masks: [UInt64], halfRates: [Double]) -> Double {
        masks.withUnsafeBufferPointer { m in halfRates.withUnsafeBufferPointer { rate(x, masks: m, halfRates: $0) } }
    }

    /// D_ab for a = a0..<a0 + 4 and one b, from the bit strings `states` (four lanes).
    @inline(__always)
    static func rates(
        _ states: UnsafePointer<UInt64>, _ a0: Int, _ b: UInt64, masks: UnsafeBufferPointer<UInt64>,
        halfRates: UnsafeBufferPointer<Double>
    ) -> SIMD4<Double> {
        SIMD4(rate(states[a0] ^ b, masks: masks, halfRates: halfRates), rate(states[a0 + 1] ^ b, masks: masks, halfRates: halfRates),
              rate(states[a0 + 2] ^ b, masks: masks, halfRates: halfRates), rate(states[a0 + 3] ^ b, masks: masks, halfRates: halfRates))
    }
}

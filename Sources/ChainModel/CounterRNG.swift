import Foundation
import LinearAlgebra

/// Counter-based random numbers: the stream for (master seed, kind, disorder index, noise
/// index) is a pure function of those four numbers, so realization r draws the same numbers
/// whatever the thread count, shard split or resume point.
///
/// The key is derived by chained SplitMix64 finalisers; the stream is SplitMix64 from that key
/// (period 2^64, passes BigCrush). Gaussian numbers by the Box-Muller transform.
public struct CounterRNG: RandomNumberGenerator, Sendable {
    /// What a stream is used for; distinct kinds never share numbers.
    public enum Stream: UInt64, Sendable {
        case disorder = 1
        case initialState = 2
        case noise = 3
        case test = 4
        /// Potentials of the transfer-matrix chains of `localization` (index = chain).
        case localization = 5
        /// The Brownian-bridge halves that refine a trajectory's kicks to dt/2 (preflight).
        case bridge = 6
    }

    @usableFromInline var state: UInt64
    @usableFromInline var spareGaussian: Double?

    public init(seed: UInt64, stream: Stream, realization: Int, noiseRealization: Int = 0) {
        var key = CounterRNG.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        key = CounterRNG.mix(key ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03))
        key = CounterRNG.mix(key ^ UInt64(truncatingIfNeeded: realization) &* 0xA24B_AED4_963E_E407)
        key = CounterRNG.mix(
            key ^ UInt64(truncatingIfNeeded: noiseRealization) &* 0x9FB2_1C65_1E98_DF25)
        state = key
    }

    @inlinable @inline(__always)
    package static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return CounterRNG.mix(state)
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal N(0, 1).
    @inlinable @inline(__always)
    public mutating func nextGaussian() -> Double {
        if let g = spareGaussian {
            spareGaussian = nil
            return g
        }
        let u1 = 1 - nextUniform()  // (0, 1]
        let u2 = nextUniform()
        let r = (-2 * log(u1)).squareRoot()
        let phi = 2 * Double.pi * u2
        spareGaussian = r * sin(phi)
        return r * cos(phi)
    }
}

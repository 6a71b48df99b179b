import Foundation
import ChainModel
import LinearAlgebra

/// The transfer-matrix recursion of the Anderson chain, for several energies at once over one
/// sequence of potentials.
///
/// h psi = E psi with h[i][i+1] = h[i+1][i] = -J, h[i][i] = w_i (paper eq. 1) reads
/// `psi_{n+1} = a_n psi_n - psi_{n-1}`, `a_n = (w_n - E) / J`, i.e.
/// `(psi_{n+1}, psi_n) = T_n (psi_n, psi_{n-1})` with `T_n = [[a_n, -1], [1, 0]]` (det 1).
/// The product starts from `(psi_1, psi_0) = (1, 0)`: after N steps psi_{N+1} is the
/// characteristic polynomial of the first N sites, `|psi_{N+1}| = prod_a |E - E_a| / J^N` over
/// the eigenvalues E_a of that open N-site chain (an identity the tests use).
///
/// Renormalisation: every `renormalisationPeriod` (32) steps both components are divided by
/// the power of two nearest below the larger one, and the removed binary exponent is added to
/// an integer counter. Scaling by a power of two is exact in floating point, so the product is
/// bit-identical to the unrenormalised one in unbounded exponent range, and the period, the
/// same for every energy and disorder, makes each energy's numbers independent of the other
/// energies computed with it. No overflow or underflow between renormalisations:
/// `||T_n|| <= sqrt(a_n^2 + 2) <= g = (max |w| + max |E|) / J + 2`, required <= 2^31, so
/// g^32 <= 2^992 (and >= 2^-992 for the smallest singular value, det T = 1).
///
/// Node count: `negativeRatios[j]` counts the steps with `psi_{n+1} psi_n < 0`. With J > 0,
/// `psi_{n+1} / psi_n = D_n / J` where D_n are the pivots of the LDL^T factorisation of h - E
/// (D_1 = w_1 - E, D_n = w_n - E - J^2 / D_{n-1}), so by Sylvester's law of inertia the count
/// is the number of eigenvalues of the first n sites below E (Sturm sequence); per site, it
/// is the integrated density of states N(E).
public struct TransferMatrixProduct: Sendable {
    public let energies: [Double]
    public let hopping: Double
    /// Steps between renormalisations.
    public static let renormalisationPeriod = 32
    /// Steps done (sites consumed).
    public private(set) var steps = 0
    /// Per energy: steps n with psi_{n+1} psi_n < 0.
    public private(set) var negativeRatios: [Int]

    private let scaledEnergies: [Double]  // E / J
    private let potentialBound: Double
    private var amplitude: [Double]  // psi_{n+1}, scaled
    private var previous: [Double]  // psi_n, scaled
    private var binaryExponent: [Int]  // log2 of the scale removed so far
    private var sinceRenormalisation = 0

    /// `potentialBound` bounds |w_n| of every potential that will be fed (checked).
    public init(energies: [Double], hopping: Double, potentialBound: Double) {
        precondition(!energies.isEmpty && hopping > 0 && hopping.isFinite && potentialBound >= 0)
        let maxEnergy = energies.map { abs($0) }.max()!
        let g = (potentialBound + maxEnergy) / hopping + 2
        precondition(
            g <= 0x1p31,
            "transfer matrices too large for the renormalisation period: (max|w| + max|E|) "
                + "/ J = \(g - 2)"
        )
        self.energies = energies
        self.hopping = hopping
        self.potentialBound = potentialBound
        scaledEnergies = energies.map { $0 / hopping }
        negativeRatios = [Int](repeating: 0, count: energies.count)
        amplitude = [Double](repeating: 1, count: energies.count)
        previous = [Double](repeating: 0, count: energies.count)
        binaryExponent = [Int](repeating: 0, count: energies.count)
    }

    /// Applies T_n for each potential w_n in order.
    public mutating func advance(potentials: [Double]) { advance(potentials: potentials[...]) }

    /// Applies T_n for each potential w_n in order.
    public mutating func advance(potentials: ArraySlice<Double>) {
        precondition(
            potentials.allSatisfy { abs($0) <= potentialBound }, "potential beyond the stated bound"
        )
        var start = potentials.startIndex
        while start < potentials.endIndex {
            let count = min(
                Self.renormalisationPeriod - sinceRenormalisation, potentials.endIndex - start)
            step(potentials[start..<start + count])
            start += count
            sinceRenormalisation += count
            steps += count
            if sinceRenormalisation == Self.renormalisationPeriod { renormalise() }
        }
    }

    /// ln ||(psi_{n+1}, psi_n)|| at energy j (n = steps).
    public func logNorm(_ j: Int) -> Double {
        Double(binaryExponent[j]) * M_LN2 + 0.5
            * log(amplitude[j] * amplitude[j] + previous[j] * previous[j])
    }

    /// ln |psi_{n+1}| at energy j (n = steps).
    public func logAbsoluteAmplitude(_ j: Int) -> Double {
        Double(binaryExponent[j]) * M_LN2 + log(abs(amplitude[j]))
    }

    private mutating func step(_ w: ArraySlice<Double>) {
        let m = energies.count
        let invJ = 1 / hopping
        scaledEnergies.withUnsafeBufferPointer { e in
            amplitude.withUnsafeMutableBufferPointer { p in
                previous.withUnsafeMutableBufferPointer { q in
                    negativeRatios.withUnsafeMutableBufferPointer { neg in
                        for wn in w {
                            let x = wn * invJ
                            for j in 0..<m {
                                let next = (x - e[j]) * p[j] - q[j]
                                neg[j] &+= Int((next.bitPattern ^ p[j].bitPattern) >> 63)
                                q[j] = p[j]
                                p[j] = next
                            }
                        }
                    }
                }
            }
        }
    }

    private mutating func renormalise() {
        for j in energies.indices {
            let e = max(abs(amplitude[j]), abs(previous[j])).exponent
            let scale = Double(sign: .plus, exponent: -e, significand: 1)
            amplitude[j] *= scale
            previous[j] *= scale
            binaryExponent[j] += Int(e)
        }
        sinceRenormalisation = 0
    }
}

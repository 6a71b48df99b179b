import Foundation
import ChainModel
import LinearAlgebra

/// Symmetric rates of the classical master equation (paper eqs. 19-21), a sum of rank-one
/// terms Gamma_ab = sum_s c_s u_s[a] u_s[b] (one term per noisy site; one term for eq. 21),
/// with the states' positions (1-based, as the paper's a - L/2).
public struct MasterRates: Sendable {
    /// One rank-one term c u u^T of the rates.
    public struct Term: Sendable, Equatable {
        public let c: Double
        public let u: [Double]

        public init(c: Double, u: [Double]) {
            precondition(c >= 0 && u.allSatisfy { $0 >= 0 })
            self.c = c
            self.u = u
        }
    }

    public let terms: [Term]
    public let positions: [Double]
    /// p(0), summing to 1.
    public let initialPopulations: [Double]
    /// The position R(t) is measured from: R^2 = sum_a (x_a - origin)^2 p_a(t).
    public let origin: Double

    public init(terms: [Term], positions: [Double], initialPopulations: [Double], origin: Double) {
        precondition(
            !terms.isEmpty && terms.allSatisfy { $0.u.count == positions.count }
                && positions.count == initialPopulations.count)
        self.terms = terms
        self.positions = positions
        self.initialPopulations = initialPopulations
        self.origin = origin
    }

    /// One term, Gamma = c u u^T.
    public init(
        u: [Double], c: Double, positions: [Double], initialPopulations: [Double], origin: Double
    ) {
        self.init(
            terms: [Term(c: c, u: u)], positions: positions, initialPopulations: initialPopulations,
            origin: origin)
    }

    /// Rates with the particle started in state `start` (p(0) = delta), R measured from its
    /// position.
    public init(terms: [Term], positions: [Double], startingIn start: Int) {
        var p0 = [Double](repeating: 0, count: positions.count)
        p0[start] = 1
        self.init(
            terms: terms, positions: positions, initialPopulations: p0, origin: positions[start])
    }

    /// One term, started in state `start`.
    public init(u: [Double], c: Double, positions: [Double], startingIn start: Int) {
        self.init(terms: [Term(c: c, u: u)], positions: positions, startingIn: start)
    }

    /// Number of states L.
    public var count: Int { positions.count }

    /// Gamma_ab = sum_s c_s u_s[a] u_s[b].
    public func rate(_ a: Int, _ b: Int) -> Double {
        terms.reduce(0) { $0 + $1.c * $1.u[a] * $1.u[b] }
    }

    /// Eq. 21 on L states; the centre is L/2 (integer division, 1-based), and the particle
    /// starts in the state at the centre, as in the paper's Fig. 4.
    public static func ansatz(length l: Int, xi: Double, c: Double) -> MasterRates {
        let centre = Double(l / 2)
        let positions = (1...l).map(Double.init)
        return MasterRates(
            u: positions.map { exp(-abs($0 - centre) / xi) }, c: c, positions: positions,
            startingIn: l / 2 - 1)
    }

    /// Eq. 20 from one disorder realization, one term per noisy site s with prefactor
    /// `prefactors[s]` (c_s = gamma_s by default): Gamma_ab = sum_s c_s |phi_a(s)|^2 |phi_b(s)|^2.
    /// The start is the one of the quantum transport problem (Fig. 3: a density excitation on
    /// one site j, 0-based, `start`) written in eigenstates: p_a(0) = |phi_a(j)|^2 (which sums
    /// to 1), and R is measured from site j, as the quantum R is from the excited site.
    public static func microscopic(chain: Chain, prefactors: [Double], start j: Int) -> MasterRates
    {
        precondition(prefactors.count == chain.noiseSites.count && (0..<chain.length).contains(j))
        let s = chain.spectrum()
        let terms = zip(prefactors, s.noiseAmplitudes).map { Term(c: $0, u: $1.map { $0 * $0 }) }
        let p0 = s.vectors.row(j).map { $0 * $0 }
        return MasterRates(
            terms: terms, positions: s.centres.map { $0 + 1 }, initialPopulations: p0,
            origin: Double(j + 1))
    }
}

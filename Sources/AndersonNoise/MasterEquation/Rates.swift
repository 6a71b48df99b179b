import Foundation

/// Rank-one symmetric rates Gamma_ab = c u_a u_b of the classical master equation (paper
/// eqs. 19-21), with the states' positions (1-based, as the paper's a - L/2).
public struct MasterRates: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Eq. 20 from the actual eigenvectors: u_a = |phi_a(k)|^2, positions = eigenstate
        /// centres sum_i i |phi_a(i)|^2.
        case microscopic
        /// Eq. 21: u_a = exp(-|a - L/2| / xi), position a = 1..L.
        case ansatz
    }

    /// The prefactor c. The paper writes gamma^2; with <zeta zeta> = gamma delta the
    /// golden-rule (secular) limit of the exact closure gives c = gamma, which the project
    /// measures (tests, `validate`) and uses by default.
    public enum Prefactor: String, Sendable, CaseIterable {
        case gamma, gamma2

        /// The default: the measured c = gamma.
        public static let standard = Prefactor.gamma

        public func value(_ gamma: Double) -> Double { self == .gamma ? gamma : gamma * gamma }
    }

    public let u: [Double]
    public let c: Double
    public let positions: [Double]
    /// p(0), summing to 1.
    public let initialPopulations: [Double]
    /// The position R(t) is measured from: R^2 = sum_a (x_a - origin)^2 p_a(t).
    public let origin: Double

    public init(u: [Double], c: Double, positions: [Double], initialPopulations: [Double], origin: Double) {
        precondition(u.count == positions.count && u.count == initialPopulations.count)
        self.u = u
        self.c = c
        self.positions = positions
        self.initialPopulations = initialPopulations
        self.origin = origin
    }

    /// Rates with the particle started in state `start` (p(0) = delta), R measured from its position.
    public init(u: [Double], c: Double, positions: [Double], startingIn start: Int) {
        var p0 = [Double](repeating: 0, count: u.count)
        p0[start] = 1
        self.init(u: u, c: c, positions: positions, initialPopulations: p0, origin: positions[start])
    }

    /// Eq. 21 on L states; the centre is L/2 (integer division, 1-based), and the particle
    /// starts in the state at the centre, as in the paper's Fig. 4.
    public static func ansatz(length l: Int, xi: Double, c: Double) -> MasterRates {
        let centre = Double(l / 2)
        let positions = (1...l).map(Double.init)
        return MasterRates(u: positions.map { exp(-abs($0 - centre) / xi) }, c: c, positions: positions, startingIn: l / 2 - 1)
    }

    /// Eq. 20 from one disorder realization. The start is the one of the quantum transport
    /// problem (Fig. 3: a density excitation on the noisy site k) written in eigenstates:
    /// p_a(0) = |phi_a(k)|^2 = u_a (which sums to 1), and R is measured from site k, as the
    /// quantum R is from the excited site.
    public static func microscopic(chain: Chain, c: Double) -> MasterRates {
        let s = chain.spectrum()
        let u = s.noiseAmplitudes.map { $0 * $0 }
        return MasterRates(u: u, c: c, positions: s.centres.map { $0 + 1 }, initialPopulations: u, origin: Double(chain.noiseSite + 1))
    }
}

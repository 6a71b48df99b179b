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

        public func value(_ gamma: Double) -> Double { self == .gamma ? gamma : gamma * gamma }
    }

    public let u: [Double]
    public let c: Double
    public let positions: [Double]
    /// The state the particle starts in: the one at (or with centre closest to) L/2.
    public let initialState: Int

    public init(u: [Double], c: Double, positions: [Double], initialState: Int) {
        self.u = u
        self.c = c
        self.positions = positions
        self.initialState = initialState
    }

    /// Eq. 21 on L states; the centre is L/2 (integer division, 1-based).
    public static func ansatz(length l: Int, xi: Double, c: Double) -> MasterRates {
        let centre = Double(l / 2)
        let positions = (1...l).map(Double.init)
        return MasterRates(u: positions.map { exp(-abs($0 - centre) / xi) }, c: c, positions: positions, initialState: l / 2 - 1)
    }

    /// Eq. 20 from one disorder realization.
    public static func microscopic(chain: Chain, c: Double) -> MasterRates {
        let s = chain.spectrum()
        let u = s.noiseAmplitudes.map { $0 * $0 }
        let positions = s.centres.map { $0 + 1 }
        let centre = Double(chain.length / 2)
        let start = positions.indices.min { abs(positions[$0] - centre) < abs(positions[$1] - centre) }!
        return MasterRates(u: u, c: c, positions: positions, initialState: start)
    }
}

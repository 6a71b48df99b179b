import LinearAlgebra
/// The initial states of the solvers (`--initial`).
public enum InitialState: Sendable, Equatable {
    /// The N-particle ground state of H_A: the N lowest orbitals (paper eq. 14).
    case ground(particles: Int)
    /// A Fock product state with the given 0/1 occupations (0-based sites).
    case product(occupations: [Int])
    /// Infinite-temperature density excitation at a site (0-based): G(0) = |j><j|
    /// (paper eqs. 16-18).
    case excitation(site: Int)

    /// Particle number of the state (1 for `excitation`: one orbital is propagated).
    public var particles: Int {
        switch self {
        case .ground(let n): return n
        case .product(let occ): return occ.reduce(0, +)
        case .excitation: return 1
        }
    }

    /// A random product state with N particles on L sites from the stream
    /// `(seed, .initialState, realization)` (uniform over the C(L, N) choices).
    public static func randomOccupations(
        length: Int, particles: Int, seed: UInt64, realization: Int
    ) -> [Int] {
        var rng = CounterRNG(seed: seed, stream: .initialState, realization: realization)
        var sites = Array(0..<length)
        for i in 0..<particles {  // partial Fisher-Yates
            let j = i + Int(rng.next() % UInt64(length - i))
            sites.swapAt(i, j)
        }
        var occ = [Int](repeating: 0, count: length)
        for i in sites.prefix(particles) { occ[i] = 1 }
        return occ
    }
}

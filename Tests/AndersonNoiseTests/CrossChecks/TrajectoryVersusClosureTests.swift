import Foundation
import PropertyBased
import Testing
@testable import AndersonNoise

/// The noise average of the trajectories equals the closure's exact average of the same
/// scheme at the same dt: an exact statement (no time-step error between them), tested at
/// k = 4.5 standard errors. With about 60 compared numbers per case, a false alarm under
/// Gaussian noise has probability 60 x 7e-6 = 4e-4; the seeds are fixed, so the outcome is
/// reproducible.
@Suite struct TrajectoryVersusClosureTests {
    static let k = 4.5

    /// Largest |z| over times for energy and the density of every site.
    static func maxZ(chain: Chain, initial: InitialState, scheme: TrajectoryScheme, dt: Double, steps: [Int], noise: Int, seed: UInt64) throws -> Double {
        let times = steps.map { Double($0) * dt }
        let closure = try ClosureSolver(options: .init(scheme: scheme == .lie ? .lie : .strang, dt: dt, observables: ["energy", "density"]))
            .run(chain: chain, initial: initial, times: times)
        let solver = TrajectorySolver(options: .init(scheme: scheme, dt: dt, noiseRealizations: noise, seed: seed, observables: ["energy", "density"]))
        let stats = try solver.run(chain: chain, initial: initial, times: times, realization: 0)
        let layout = solver.layout(length: chain.length, initial: initial, times: times.count)
        let expected = layout.flatten(closure)
        let se = stats.standardError!
        var worst = 0.0
        for n in expected.indices where se[n] > 1e-13 {
            worst = max(worst, abs(stats.mean[n] - expected[n]) / se[n])
        }
        return worst
    }

    /// Strang and Lie at dt = 0.1 and at a large dt = 0.5 (the average is exact for any dt),
    /// random product states on random chains.
    @Test(arguments: [(TrajectoryScheme.strang, 0.1), (.lie, 0.1), (.strang, 0.5), (.lie, 0.5)])
    func trajectoryAverageEqualsSchemeAverage(scheme: TrajectoryScheme, dt: Double) throws {
        for seed in [UInt64(11), 12] {
            let chain = TestSupport.randomChain(length: 6, disorder: 1, noiseSite: Int(seed % 6), gamma: 1, seed: seed)
            let occ = InitialState.randomOccupations(length: 6, particles: 3, seed: seed, realization: 0)
            let z = try Self.maxZ(chain: chain, initial: .product(occupations: occ), scheme: scheme, dt: dt, steps: [5, 20, 40], noise: 4000, seed: seed)
            #expect(z < Self.k, "\(scheme) dt=\(dt): max |z| = \(z)")
        }
    }
}

import Foundation
import Testing
@testable import AndersonNoise

@Suite struct TrajectoryKernelTests {
    /// A run of eigenbasis steps (phase + rank-one kick, the kick kept pending between
    /// passes) equals the dense products K(theta_n) D(dt) (Lie) or D(dt/2) K(theta_n) D(dt/2)
    /// (Strang) applied one after the other with the full spectrum, to 1e-12 (round-off of
    /// O(L) sums of unit-size terms over three steps).
    @Test(arguments: [5, 12, 31], [StepKernel.Splitting.lie, .strang])
    func stepsEqualDensePropagator(length: Int, splitting: StepKernel.Splitting) {
        let chain = TestSupport.randomChain(length: length, disorder: 1.5, noiseSite: length / 3, gamma: 1, seed: 2)
        let spectrum = chain.spectrum()
        let dt = 0.3, thetas = [0.7, -0.2, 1.1]
        let occ = InitialState.randomOccupations(length: length, particles: length / 2, seed: 1, realization: 0)
        var state = SlaterState(initial: .product(occupations: occ), spectrum: spectrum)
        let before = state
        StepKernel(spectrum: spectrum, dt: dt).evolve(&state, thetas: thetas, splitting: splitting)
        // Dense reference in the eigenbasis: K = I + (e^{-i theta} - 1) p p^T, D = diag(e^{-i lambda tau}).
        let p = spectrum.noiseAmplitudes, l = length
        func phase(_ yr: inout [Double], _ yi: inout [Double], tau: Double) {
            for a in 0..<l {
                let c = cos(spectrum.energies[a] * tau), s = -sin(spectrum.energies[a] * tau)
                (yr[a], yi[a]) = (c * yr[a] - s * yi[a], c * yi[a] + s * yr[a])
            }
        }
        func kick(_ yr: inout [Double], _ yi: inout [Double], theta: Double) {
            var zr = yr, zi = yi
            for a in 0..<l {
                for b in 0..<l {
                    let kr = (cos(theta) - 1) * p[a] * p[b], ki = -sin(theta) * p[a] * p[b]
                    zr[a] += kr * yr[b] - ki * yi[b]
                    zi[a] += kr * yi[b] + ki * yr[b]
                }
            }
            (yr, yi) = (zr, zi)
        }
        var worst = 0.0
        for n in 0..<state.orbitals {
            var yr = Array(before.re[n * l..<(n + 1) * l]), yi = Array(before.im[n * l..<(n + 1) * l])
            for theta in thetas {
                switch splitting {
                case .lie:
                    phase(&yr, &yi, tau: dt)
                    kick(&yr, &yi, theta: theta)
                case .strang:
                    phase(&yr, &yi, tau: dt / 2)
                    kick(&yr, &yi, theta: theta)
                    phase(&yr, &yi, tau: dt / 2)
                }
            }
            for a in 0..<l { worst = max(worst, abs(yr[a] - state.re[n * l + a]), abs(yi[a] - state.im[n * l + a])) }
        }
        #expect(worst < 1e-12)
    }

    /// Every scheme is unitary: orbitals stay orthonormal (particle number exact per
    /// trajectory) to 1e-12 after 200 random steps.
    @Test(arguments: TrajectoryScheme.allCases)
    func schemesAreUnitary(scheme: TrajectoryScheme) {
        let chain = TestSupport.randomChain(length: 10, disorder: 1, noiseSite: 4, gamma: 1, seed: 3)
        let spectrum = chain.spectrum()
        var state = SlaterState(initial: .ground(particles: 5), spectrum: spectrum)
        var rng = CounterRNG(seed: 1, stream: .noise, realization: 0)
        SchemeStepper(scheme: scheme, spectrum: spectrum, dt: 0.2, gamma: 1).advance(&state, steps: 200, rng: &rng)
        #expect(state.orthonormalityDefect < 1e-12)
    }

    /// Results are bit-identical for 1 and 2 worker threads (counter-based noise streams and
    /// a canonical reduction order).
    @Test func threadCountDoesNotChangeResults() throws {
        let solver = TrajectorySolver(options: .init(noiseRealizations: 3, seed: 9))
        let body: @Sendable (Int) throws -> RunningStatistics = { r in
            let chain = Chain.disordered(length: 12, disorder: 1, noiseSite: 5, gamma: 1, seed: 9, realization: r)
            return try solver.run(chain: chain, initial: .ground(particles: 6), times: [0, 1, 5], realization: r)
        }
        let one = try RealizationRunner.run(realizations: Array(0..<6), threads: 1, body: body)
        let two = try RealizationRunner.run(realizations: Array(0..<6), threads: 2, body: body)
        #expect(one == two)
        let d = one[0].noise.dimension
        #expect(RealizationRunner.reduce(one, dimension: d) == RealizationRunner.reduce(two, dimension: d))
    }
}

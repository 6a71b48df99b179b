import Foundation
import Testing
import ChainModel
import RunSpecification
import LinearAlgebra
import Trajectories
import Execution
import Statistics
import TestSupport

@Suite struct TrajectoryKernelTests {
    /// The noisy sites of the kernel tests: one (a third of the way), three (both ends and
    /// one inside), every site.
    enum Sites: CaseIterable { case one, three, all }

    /// A run of eigenbasis steps (phase + rank-one kicks, kept pending between passes) equals
    /// the dense products K(theta_n) D(dt) (Lie) or D(dt/2) K(theta_n) D(dt/2) (Strang)
    /// applied one after the other with the full spectrum, K the product of the single-site
    /// kicks I + (e^{-i theta_s} - 1) p_s p_s^T applied one after another (not their sum, which
    /// the kernel uses), to 1e-12 (round-off of O(L S) sums of unit-size terms over three steps).
    @Test(arguments: [5, 12, 31], [Splitting.lie, .strang])
    func stepsEqualDensePropagator(length: Int, splitting: Splitting) {
        for sites in Sites.allCases {
            let noisy: [Int]
            switch sites {
            case .one: noisy = [length / 3]
            case .three: noisy = [length - 1, length / 3, 0]
            case .all: noisy = Array(0..<length)
            }
            let worst = kernelDeviation(length: length, noisy: noisy, splitting: splitting)
            RoundOff.expect(
                worst, bound: 1e-12,
                why: .derived("3 steps x O(L S) unit-size terms: 3 L^2 eps, L = 31: 6.4e-13 worst"),
                "\(sites)")
        }
    }

    func kernelDeviation(length: Int, noisy: [Int], splitting: Splitting) -> Double {
        let chain = Chain.disordered(
            length: length, disorder: 1.5, noiseSites: noisy, gammas: noisy.map { _ in 1 }, seed: 2,
            realization: 0)
        let spectrum = chain.spectrum()
        let dt = 0.3, angles = [0.7, -0.2, 1.1]
        let thetas = angles.flatMap { a in
            noisy.indices.map { a * Double($0 + 1) / Double(noisy.count) }
        }
        let occ = InitialState.randomOccupations(
            length: length, particles: length / 2, seed: 1, realization: 0)
        var state = SlaterState(initial: .product(occupations: occ), spectrum: spectrum)
        let before = state
        StepKernel(spectrum: spectrum, dt: dt).evolve(&state, thetas: thetas, splitting: splitting)
        // Dense reference in the eigenbasis: K_s = I + (e^{-i theta_s} - 1) p_s p_s^T, D =
        // diag(e^{-i lambda tau}).
        let l = length
        func phase(_ yr: inout [Double], _ yi: inout [Double], tau: Double) {
            for a in 0..<l {
                let c = cos(spectrum.energies[a] * tau), s = -sin(spectrum.energies[a] * tau)
                (yr[a], yi[a]) = (c * yr[a] - s * yi[a], c * yi[a] + s * yr[a])
            }
        }
        func kick(_ yr: inout [Double], _ yi: inout [Double], theta: Double, p: [Double]) {
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
            var yr = Array(before.re[n * l..<(n + 1) * l]),
                yi = Array(before.im[n * l..<(n + 1) * l])
            for step in angles.indices {
                func kicks() {
                    for (s, p) in spectrum.noiseAmplitudes.enumerated() {
                        kick(&yr, &yi, theta: thetas[step * noisy.count + s], p: p)
                    }
                }
                switch splitting {
                case .lie:
                    phase(&yr, &yi, tau: dt)
                    kicks()
                case .strang:
                    phase(&yr, &yi, tau: dt / 2)
                    kicks()
                    phase(&yr, &yi, tau: dt / 2)
                }
            }
            for a in 0..<l {
                worst = max(
                    worst, abs(yr[a] - state.re[n * l + a]), abs(yi[a] - state.im[n * l + a]))
            }
        }
        return worst
    }

    /// Every scheme is unitary: orbitals stay orthonormal (particle number exact per
    /// trajectory) to 1e-12 after 200 random steps.
    @Test(arguments: Scheme.trajectories)
    func schemesAreUnitary(scheme: Scheme) {
        let chain = TestSupport.randomChain(
            length: 10, disorder: 1, noiseSite: 4, gamma: 1, seed: 3)
        let spectrum = chain.spectrum()
        var state = SlaterState(initial: .ground(particles: 5), spectrum: spectrum)
        var rng = CounterRNG(seed: 1, stream: .noise, realization: 0)
        SchemeStepper(scheme: scheme, spectrum: spectrum, dt: 0.2, gammas: [1]).advance(
            &state, steps: 200, rng: &rng)
        let unitary = Tolerance.derived("200 steps x (L + 4) eps, L = 10: 6.2e-13 worst-case")
        RoundOff.expect(state.orthonormalityDefect, bound: 1e-12, why: unitary)
        let several = Chain.disordered(
            length: 10, disorder: 1, noiseSites: [0, 4, 5, 9], gammas: [1, 0.5, 2, 1], seed: 3,
            realization: 0)
        var other = SlaterState(initial: .ground(particles: 5), spectrum: several.spectrum())
        SchemeStepper(scheme: scheme, spectrum: several.spectrum(), dt: 0.2, gammas: several.gammas)
            .advance(&other, steps: 200, rng: &rng)
        RoundOff.expect(other.orthonormalityDefect, bound: 1e-12, why: unitary)
    }

    /// Results are bit-identical for 1 and 2 worker threads (counter-based noise streams and
    /// a canonical reduction order).
    @Test func threadCountDoesNotChangeResults() throws {
        let solver = TrajectorySolver(options: .init(noiseRealizations: 3, seed: 9))
        let body: @Sendable (Int) throws -> RunningStatistics = { r in
            let chain = Chain.disordered(
                length: 12, disorder: 1, noiseSite: 5, gamma: 1, seed: 9, realization: r)
            return try solver.run(
                chain: chain, initial: .ground(particles: 6), times: [0, 1, 5], realization: r)
        }
        let one = try RealizationRunner.run(realizations: Array(0..<6), threads: 1, body: body)
        let two = try RealizationRunner.run(realizations: Array(0..<6), threads: 2, body: body)
        #expect(one == two)
        let d = one[0].noise.dimension
        #expect(
            RealizationRunner.reduce(one, dimension: d)
                == RealizationRunner.reduce(two, dimension: d))
    }
}

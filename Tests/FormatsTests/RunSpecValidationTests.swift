import ChainModel
import RunSpecification
import Testing

/// `RunSpec.validate()` holds a run to the limits of every option (the Limits
/// article) whether it was built from the command line or read from a file: each refusal is an
/// `InputError` naming the quantity as the run's fields do.
@Suite struct RunSpecValidationTests {
    static let trajectories = SolverSpec.trajectories(
        scheme: .strang, dt: 0.1, noiseRealizations: 4)

    static func run(
        _ chain: ChainSpec = ChainSpec(length: 8), initial: InitialSpec = .ground(particles: 4),
        times: [Double] = [0, 1, 2], solver: SolverSpec = trajectories
    ) -> RunSpec {
        RunSpec(chain: chain, initial: initial, times: times, solver: solver)
    }

    /// The quantity a run's validation refuses (nil when it accepts the run).
    static func refused(_ spec: RunSpec) -> String? {
        do {
            try spec.validate()
            return nil
        } catch let e as InputError {
            return e.option
        } catch {
            return "\(error)"
        }
    }

    static func master(_ m: MasterSpec, chain: ChainSpec = ChainSpec(length: 8)) -> RunSpec {
        run(chain, initial: .excitation(site: chain.noiseSites[0]), solver: .master(m))
    }

    @Test func acceptsRunsWithinTheLimits() {
        #expect(Self.refused(Self.run()) == nil)
        #expect(Self.refused(Self.run(solver: .lindblad(tolerance: 1e-10))) == nil)
        #expect(
            Self.refused(Self.run(solver: .closure(scheme: .exact, dt: 0.1, tolerance: 1e-10)))
                == nil)
        #expect(Self.refused(Self.master(MasterSpec())) == nil)
        #expect(Self.refused(Self.master(MasterSpec(rates: .ansatz, xi: 3, collapse: true))) == nil)
        let explicit = ChainSpec(length: 3, potentials: [0.5, -1, 2], noiseSites: [0, 2])
        #expect(
            Self.refused(
                Self.run(explicit, initial: .product(particles: 2, occupations: [1, 0, 1])))
                == nil)
    }

    @Test func refusesTheChainOutOfRange() {
        #expect(Self.refused(Self.run(ChainSpec(length: 1))) == "length")
        #expect(Self.refused(Self.run(ChainSpec(length: 100_001))) == "length")
        #expect(
            Self.refused(Self.run(ChainSpec(length: 63), solver: .lindblad(tolerance: 1e-10)))
                == "length")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, hopping: 0))) == "hopping")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, hopping: .nan))) == "hopping")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, disorder: -1))) == "disorder")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, disorder: 1e101))) == "disorder")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, potentials: [0, 1]))) == "potentials")
        let huge = [Double](repeating: 0, count: 7) + [.infinity]
        #expect(Self.refused(Self.run(ChainSpec(length: 8, potentials: huge))) == "potentials")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, noiseSites: [8]))) == "noise_sites")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, noiseSites: [2, 2]))) == "noise_sites")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, gammas: [-1]))) == "gammas")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, gammas: [1e101]))) == "gammas")
        #expect(
            Self.refused(Self.run(ChainSpec(length: 8, noiseSites: [1, 2, 3], gammas: [1, 2])))
                == "gammas")
        #expect(Self.refused(Self.run(ChainSpec(length: 8, realizations: 0))) == "realizations")
        #expect(
            Self.refused(Self.run(ChainSpec(length: 8, realizations: 10_000_001))) == "realizations"
        )
        let one = [Double](repeating: 0, count: 8)
        #expect(
            Self.refused(Self.run(ChainSpec(length: 8, potentials: one, realizations: 2)))
                == "realizations")
    }

    @Test func refusesTheInitialStateOutOfRange() {
        let lindblad = SolverSpec.lindblad(tolerance: 1e-10)
        #expect(
            Self.refused(Self.run(initial: .excitation(site: 3), solver: lindblad)) == "initial")
        #expect(Self.refused(Self.run(initial: .ground(particles: 9))) == "particles")
        #expect(
            Self.refused(Self.run(initial: .product(particles: -1, occupations: nil)))
                == "particles")
        #expect(
            Self.refused(Self.run(initial: .product(particles: 1, occupations: [1])))
                == "occupations")
        let two = [1, 0, 2, 0, 0, 0, 0, 0]
        #expect(
            Self.refused(Self.run(initial: .product(particles: 2, occupations: two)))
                == "occupations")
        let three = [1, 1, 1, 0, 0, 0, 0, 0]
        #expect(
            Self.refused(Self.run(initial: .product(particles: 2, occupations: three)))
                == "occupations")
        #expect(Self.refused(Self.run(initial: .excitation(site: 8))) == "site")
        #expect(Self.refused(Self.run(initial: .excitation(site: -1))) == "site")
    }

    @Test func refusesTimesOutOfRange() {
        #expect(Self.refused(Self.run(times: [])) == "times")
        #expect(Self.refused(Self.run(times: [-1, 1])) == "times")
        #expect(Self.refused(Self.run(times: [0, .nan])) == "times")
        #expect(Self.refused(Self.run(times: [0, 2e12])) == "times")
        #expect(Self.refused(Self.run(times: [0, 2, 1])) == "times")
        #expect(Self.refused(Self.run(times: [0, 1, 1])) == "times")
        let strang = Self.trajectories
        #expect(throws: Never.self) {
            try RunSpec.validateGrid(tMax: 1e4, pointsPerDecade: 10, solver: strang)
        }
        for (tMax, points, solver, quantity) in [
            (0.0, 10, strang, "t_max"), (2e12, 10, strang, "t_max"),
            (1e4, 0, strang, "points_per_decade"), (1e4, 1001, strang, "points_per_decade"),
            (1e4, 10, .trajectories(scheme: .lie, dt: 0, noiseRealizations: 1), "dt"),
            (1e4, 10, .closure(scheme: .exact, dt: .nan, tolerance: 1e-10), "dt"),
        ] {
            #expect(throws: InputError.self) {
                do {
                    try RunSpec.validateGrid(tMax: tMax, pointsPerDecade: points, solver: solver)
                } catch let e as InputError {
                    #expect(e.option == quantity)
                    throw e
                }
            }
        }
    }

    @Test func refusesSolverOptionsOutOfRange() {
        for (solver, quantity) in [
            (SolverSpec.lindblad(tolerance: 1e-15), "tolerance"),
            (.lindblad(tolerance: 1e-2), "tolerance"),
            (.closure(scheme: .paper, dt: 0.1, tolerance: 1e-10), "scheme"),
            (.closure(scheme: .lie, dt: 11, tolerance: 1e-10), "dt"),
            (.closure(scheme: .exact, dt: 0.1, tolerance: .nan), "tolerance"),
            (.trajectories(scheme: .exact, dt: 0.1, noiseRealizations: 1), "scheme"),
            (.trajectories(scheme: .lie, dt: -0.1, noiseRealizations: 1), "dt"),
            (.trajectories(scheme: .lie, dt: 0.1, noiseRealizations: 0), "noise_realizations"),
            (
                .trajectories(scheme: .lie, dt: 0.1, noiseRealizations: 1_000_001),
                "noise_realizations"
            ),
        ] {
            #expect(Self.refused(Self.run(solver: solver)) == quantity)
        }
    }

    @Test func refusesMasterOptionsOutOfRange() {
        #expect(Self.refused(Self.run(solver: .master(MasterSpec()))) == "initial")
        #expect(Self.refused(Self.master(MasterSpec(rates: .ansatz))) == "xi")
        #expect(Self.refused(Self.master(MasterSpec(rates: .ansatz, xi: 1e-101))) == "xi")
        #expect(Self.refused(Self.master(MasterSpec(rates: .ansatz, xi: .infinity))) == "xi")
        let two = ChainSpec(length: 8, noiseSites: [1, 5])
        #expect(Self.refused(Self.master(MasterSpec(rates: .ansatz, xi: 3), chain: two)) == "rates")
        let disordered = ChainSpec(length: 8, realizations: 5)
        #expect(
            Self.refused(Self.master(MasterSpec(rates: .ansatz, xi: 3), chain: disordered))
                == "realizations")
        let away = Self.run(
            initial: .excitation(site: 0), solver: .master(MasterSpec(rates: .ansatz, xi: 3)))
        #expect(Self.refused(away) == "site")
        #expect(Self.refused(Self.master(MasterSpec(xi: 3))) == "xi")
        #expect(Self.refused(Self.master(MasterSpec(collapse: true))) == "collapse")
        #expect(Self.refused(Self.master(MasterSpec(), chain: ChainSpec(length: 5001))) == "length")
    }
}

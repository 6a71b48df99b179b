import Foundation

/// The `validate` rows of the trajectories: statistical agreement with the closure, exact
/// equalities for the entanglement, and Wick's theorem against the many-body solver.
public enum TrajectoryChecks {
    /// k of the k-standard-error comparisons: about 60 numbers per comparison, so a false
    /// alarm under Gaussian noise has probability ~4e-4 (fixed seeds make it reproducible).
    public static let sigma = 4.5

    /// Largest |z| between a trajectory average and the closure average of the same scheme.
    static func maxZ(chain: Chain, initial: InitialState, scheme: TrajectoryScheme, dt: Double, steps: [Int], noise: Int, seed: UInt64) -> Double {
        let times = steps.map { Double($0) * dt }
        let names: Set<String> = ["energy", "density"]
        let solver = TrajectorySolver(options: .init(scheme: scheme, dt: dt, noiseRealizations: noise, seed: seed, observables: names))
        guard let closure = try? ClosureSolver(options: .init(scheme: scheme == .lie ? .lie : .strang, dt: dt, observables: names))
            .run(chain: chain, initial: initial, times: times),
            let stats = try? solver.run(chain: chain, initial: initial, times: times, realization: 0), let se = stats.standardError
        else { return .infinity }
        let expected = solver.layout(length: chain.length, initial: initial, times: times.count).flatten(closure)
        var worst = 0.0
        for n in expected.indices where se[n] > 1e-13 { worst = max(worst, abs(stats.mean[n] - expected[n]) / se[n]) }
        return worst
    }

    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        let l = settings.length
        let chain = Chain.disordered(length: l, disorder: 1, noiseSite: l / 2 - 1, gamma: 1, seed: settings.seed, realization: 2)
        let occ = InitialState.randomOccupations(length: l, particles: l / 2, seed: settings.seed, realization: 2)
        let noise = settings.quick ? 2000 : 20000
        var rows: [ValidationCheck] = []
        for (scheme, dt) in [(TrajectoryScheme.strang, 0.1), (.lie, 0.1), (.strang, 0.5)] {
            let name = "trajectories \(scheme.rawValue) dt=\(dt) vs closure (max |z|)"
            rows.append(ValidationCheck(name: name) {
                CheckResult(name: name, measured: maxZ(chain: chain, initial: .product(occupations: occ), scheme: scheme, dt: dt,
                                                       steps: [5, 20, 40], noise: noise, seed: settings.seed),
                            tolerance: sigma, criterion: "|z| <= \(sigma)")
            })
        }
        rows.append(ValidationCheck(name: "Peschel = Schmidt entropy, all cuts (max |diff|)") {
            var rng = CounterRNG(seed: settings.seed, stream: .test, realization: 0)
            let (re, im) = RandomSlater.orbitals(length: l, particles: l / 2, rng: &rng)
            var worst = 0.0
            for cut in 1..<l {
                let p = (try? Peschel.entropy(re: re, im: im, cut: cut)) ?? .infinity
                worst = max(worst, abs(p - SchmidtEntropy.entropy(re: re, im: im, cut: cut)))
            }
            return CheckResult(name: "Peschel = Schmidt entropy, all cuts (max |diff|)", measured: worst, tolerance: 1e-10)
        })
        rows.append(ValidationCheck(name: "Wick nn of trajectories vs many-body nn (max |z|)") {
            let times = [1.0, 4.0]
            let solver = TrajectorySolver(options: .init(scheme: .strang, dt: 0.02, noiseRealizations: noise, seed: settings.seed, observables: ["nn"]))
            guard let exact = try? LindbladSolver(options: .init(observables: ["nn"])).run(chain: chain, initial: .product(occupations: occ), times: times),
                case .matrix(let nn)? = exact.observables["nn"],
                let stats = try? solver.run(chain: chain, initial: .product(occupations: occ), times: times, realization: 0),
                let se = stats.standardError
            else { return CheckResult(name: "Wick nn of trajectories vs many-body nn (max |z|)", measured: .infinity, tolerance: sigma) }
            let expected = nn.flatMap { $0.flatMap { $0 } }
            var worst = 0.0
            for n in expected.indices where se[n] > 1e-12 { worst = max(worst, abs(stats.mean[n] - expected[n]) / se[n]) }
            return CheckResult(name: "Wick nn of trajectories vs many-body nn (max |z|)", measured: worst, tolerance: sigma, criterion: "|z| <= \(sigma)")
        })
        rows.append(ValidationCheck(name: "long-time S/L, L=8, vs random Slater (|z|)") {
            let size = 8, samples = settings.quick ? 20 : 60
            let solver = TrajectorySolver(options: .init(scheme: .strang, dt: 0.2, noiseRealizations: samples, seed: settings.seed, observables: ["entanglement"]))
            var average = TwoLevelAverage(dimension: 1)
            for r in 0..<samples {
                let c = Chain.disordered(length: size, disorder: 1, noiseSite: size / 2 - 1, gamma: 1, seed: settings.seed, realization: r)
                let o = InitialState.randomOccupations(length: size, particles: size / 2, seed: settings.seed, realization: r)
                guard let s = try? solver.run(chain: c, initial: .product(occupations: o), times: [3000], realization: r) else { continue }
                average.add(realization: s)
            }
            guard let se = average.standardError, let haar = try? RandomSlater.halfCutEntropyPerSite(length: size, particles: size / 2, samples: 2000, seed: settings.seed)
            else { return CheckResult(name: "long-time S/L, L=8, vs random Slater (|z|)", measured: .infinity, tolerance: sigma) }
            let mean = average.mean[0] / Double(size), err = se[0] / Double(size)
            let z = abs(mean - haar.mean) / (err * err + haar.standardError * haar.standardError).squareRoot()
            return CheckResult(name: "long-time S/L, L=8, vs random Slater (|z|)", measured: z, tolerance: sigma, criterion: "|z| <= \(sigma)")
        })
        return rows
    }
}

import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra
import Propagation
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation
import Statistics
import Execution
import Formats
import Agreement

/// The `validate` rows of the trajectories: statistical agreement with the closure, exact
/// equalities for the entanglement, and Wick's theorem against the many-body solver.
public enum TrajectoryChecks {
    /// k of the k-standard-error comparisons: at most about 60 numbers per comparison, so a
    /// false alarm under Gaussian noise has probability <= 60 x 6.8e-6 = 4e-4 (fixed seeds make
    /// it reproducible).
    public static let sigma = 4.5

    /// A trajectory average against the closure average of the same scheme (energy and
    /// density, or the observables named), through the run layout (so `rootOfMean` entries are
    /// reduced as in a run).
    package static func agreement(
        chain: Chain, initial: InitialState, scheme: Scheme, dt: Double, steps: [Int], noise: Int,
        seed: UInt64,
        observables names: Set<Observable> = [.energy, .density]
    ) -> SampledAgreement? {
        let times = steps.map { Double($0) * dt }
        let solver = TrajectorySolver(
            options: .init(
                scheme: scheme, dt: dt, noiseRealizations: noise, seed: seed, observables: names))
        guard
            let closure = try? ClosureSolver(
                options: .init(scheme: scheme == .lie ? .lie : .strang, dt: dt, observables: names)
            )
            .run(chain: chain, initial: initial, times: times),
            let stats = try? solver.run(
                chain: chain, initial: initial, times: times, realization: 0)
        else { return nil }
        let layout = solver.layout(length: chain.length, initial: initial, times: times.count)
        let sampled = layout.observables(mean: stats.mean, standardError: stats.standardError)
        let flat = ObservableLayout(
            times: times.count,
            entries: layout.entries.map {
                ($0.observable, $0.shape == .rootOfMean ? .scalar : $0.shape)
            })
        var errors = Observables()
        for (observable, _) in flat.entries { errors[observable] = sampled[stderr: observable] }
        return SampledAgreement(
            mean: flat.flatten(sampled), standardError: flat.flatten(errors),
            exact: flat.flatten(closure))
    }

    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        let l = settings.length
        let chain = Chain.disordered(
            length: l, disorder: 1, noiseSite: l / 2 - 1, gamma: 1, seed: settings.seed,
            realization: 2)
        let occ = InitialState.randomOccupations(
            length: l, particles: l / 2, seed: settings.seed, realization: 2)
        let noise = settings.quick ? 2000 : 20000
        var rows: [ValidationCheck] = []
        for (scheme, dt) in [(Scheme.strang, 0.1), (.lie, 0.1), (.strang, 0.5)] {
            let name = "trajectories \(scheme.rawValue) dt=\(dt) vs closure (max |z|)"
            rows.append(
                ValidationCheck(name: name) {
                    // Every compared number (energy, L densities, 3 times > 0) fluctuates: all must
                    // be informative.
                    let a = agreement(
                        chain: chain, initial: .product(occupations: occ), scheme: scheme, dt: dt,
                        steps: [5, 20, 40], noise: noise, seed: settings.seed)
                    return a?.check(name: name, k: sigma, minimumInformative: 3 * (l + 1))
                        ?? SampledAgreement.failed(name, k: sigma)
                })
        }
        rows.append(
            ValidationCheck(name: "trajectories strang vs closure, 3 noisy sites (max |z|)") {
                let name = "trajectories strang vs closure, 3 noisy sites (max |z|)"
                let several = Chain.disordered(
                    length: l, disorder: 1, noiseSites: [l - 1, 1, 2], gammas: [0.4, 1.5, 0.8],
                    seed: settings.seed, realization: 4)
                let a = agreement(
                    chain: several, initial: .product(occupations: occ), scheme: .strang, dt: 0.2,
                    steps: [5, 20], noise: noise, seed: settings.seed)
                return a?.check(name: name, k: sigma, minimumInformative: 2 * (l + 1))
                    ?? SampledAgreement.failed(name, k: sigma)
            })
        rows.append(
            ValidationCheck(name: "trajectories rms_width vs closure, one chain (max |z|)") {
                // R is the root of the noise-averaged second moment (eq. 18): averaging the root
                // per trajectory would be biased low by Jensen's inequality, by about 12 standard
                // errors of these 20000 trajectories at W = 4.
                let name = "trajectories rms_width vs closure, one chain (max |z|)"
                let size = 40
                let c = Chain.disordered(
                    length: size, disorder: 4, noiseSite: size / 2 - 1, gamma: 1,
                    seed: settings.seed, realization: 3)
                let a = agreement(
                    chain: c, initial: .excitation(site: size / 2 - 1), scheme: .strang, dt: 0.1,
                    steps: [100, 300],
                    noise: 20000, seed: settings.seed, observables: [.rmsWidth])
                return a?.check(name: name, k: sigma, minimumInformative: 2)
                    ?? SampledAgreement.failed(name, k: sigma)
            })
        rows.append(
            ValidationCheck(name: "Peschel = Schmidt entropy, all cuts (max |diff|)") {
                var rng = CounterRNG(seed: settings.seed, stream: .test, realization: 0)
                let (re, im) = RandomSlater.orbitals(length: l, particles: l / 2, rng: &rng)
                var worst = 0.0
                for cut in 1..<l {
                    let p = (try? Peschel.entropy(re: re, im: im, cut: cut)) ?? .infinity
                    worst = max(worst, abs(p - SchmidtEntropy.entropy(re: re, im: im, cut: cut)))
                }
                return CheckResult(
                    name: "Peschel = Schmidt entropy, all cuts (max |diff|)", measured: worst,
                    tolerance: 1e-10)
            })
        rows.append(
            ValidationCheck(name: "Wick nn of trajectories vs many-body nn (max |z|)") {
                let times = [1.0, 4.0]
                let solver = TrajectorySolver(
                    options: .init(
                        scheme: .strang, dt: 0.02, noiseRealizations: noise, seed: settings.seed,
                        observables: [.nn]))
                let name = "Wick nn of trajectories vs many-body nn (max |z|)"
                guard
                    let exact = try? LindbladSolver(options: .init(observables: [.nn])).run(
                        chain: chain, initial: .product(occupations: occ), times: times),
                    case .matrix(let nn)? = exact.observables[.nn],
                    let stats = try? solver.run(
                        chain: chain, initial: .product(occupations: occ), times: times,
                        realization: 0)
                else { return SampledAgreement.failed(name, k: sigma) }
                // Every <n_i n_j> fluctuates at t > 0: all L^2 entries at both times must be
                // informative.
                return SampledAgreement(
                    mean: stats.mean, standardError: stats.standardError,
                    exact: nn.flatMap { $0.flatMap { $0 } }
                )
                .check(name: name, k: sigma, minimumInformative: 2 * l * l)
            })
        rows.append(
            ValidationCheck(name: "long-time S/L, L=8, vs random Slater (|z|)") {
                let size = 8, samples = settings.quick ? 20 : 60
                let solver = TrajectorySolver(
                    options: .init(
                        scheme: .strang, dt: 0.2, noiseRealizations: samples, seed: settings.seed,
                        observables: [.entanglement]))
                var average = TwoLevelAverage(dimension: 1)
                for r in 0..<samples {
                    let c = Chain.disordered(
                        length: size, disorder: 1, noiseSite: size / 2 - 1, gamma: 1,
                        seed: settings.seed, realization: r)
                    let o = InitialState.randomOccupations(
                        length: size, particles: size / 2, seed: settings.seed, realization: r)
                    // A realization that fails fails the row: none is dropped.
                    guard
                        let s = try? solver.run(
                            chain: c, initial: .product(occupations: o), times: [3000],
                            realization: r)
                    else {
                        return SampledAgreement.failed(
                            "long-time S/L, L=8, vs random Slater (|z|)", k: sigma)
                    }
                    average.add(realization: s)
                }
                guard let se = average.standardError,
                    let haar = try? RandomSlater.halfCutEntropyPerSite(
                        length: size, particles: size / 2, samples: 2000, seed: settings.seed)
                else {
                    return CheckResult(
                        name: "long-time S/L, L=8, vs random Slater (|z|)", measured: .infinity,
                        tolerance: sigma)
                }
                let mean = average.mean[0] / Double(size), err = se[0] / Double(size)
                let z =
                    abs(mean - haar.mean)
                    / (err * err + haar.standardError * haar.standardError).squareRoot()
                return CheckResult(
                    name: "long-time S/L, L=8, vs random Slater (|z|)", measured: z,
                    tolerance: sigma, criterion: "|z| <= \(sigma)")
            })
        return rows
    }
}

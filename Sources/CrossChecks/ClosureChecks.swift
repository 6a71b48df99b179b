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

/// The `validate` rows of the closure: the bridge to the many-body oracle and the measured
/// weak orders of the scheme averages.
public enum ClosureChecks {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        let l = settings.length
        let chain = Chain.disordered(
            length: l, disorder: 1, noiseSite: l / 2 - 1, gamma: 1, seed: settings.seed,
            realization: 1)
        let occ = InitialState.randomOccupations(
            length: l, particles: l / 2, seed: settings.seed, realization: 1)
        let steps = settings.quick ? [0.4, 0.2, 0.1] : [0.4, 0.2, 0.1, 0.05]
        return [
            ValidationCheck(name: "closure exact = many-body rho_s (max |diff|)") {
                let times = [0, 0.5, 2, 8, 25.0]
                var worst = 0.0
                for initial in [InitialState.ground(particles: l / 2), .product(occupations: occ)] {
                    guard
                        let mb = try? LindbladSolver(options: .init(observables: [.rhoS])).run(
                            chain: chain, initial: initial, times: times),
                        let cl = try? ClosureSolver(options: .init(observables: [.rhoS])).run(
                            chain: chain, initial: initial, times: times),
                        case .complexMatrix(let a)? = mb.observables[.rhoS],
                        case .complexMatrix(let b)? = cl[.rhoS]
                    else {
                        return CheckResult(
                            name: "closure exact = many-body rho_s (max |diff|)",
                            measured: .infinity, tolerance: 1e-9)
                    }
                    for (x, y) in zip(a, b) { worst = max(worst, x.maxDifference(y)) }
                }
                return CheckResult(
                    name: "closure exact = many-body rho_s (max |diff|)", measured: worst,
                    tolerance: 1e-9)
            },
            ValidationCheck(name: "closure exact = many-body rho_s, 3 noisy sites (max |diff|)") {
                // An end site and two adjacent ones, each with its own gamma.
                let name = "closure exact = many-body rho_s, 3 noisy sites (max |diff|)"
                let several = Chain.disordered(
                    length: l, disorder: 1, noiseSites: [l - 1, 1, 2], gammas: [0.4, 1.5, 0.8],
                    seed: settings.seed, realization: 4)
                let times = [0, 1, 6.0]
                guard
                    let mb = try? LindbladSolver(options: .init(observables: [.rhoS])).run(
                        chain: several, initial: .product(occupations: occ), times: times),
                    let cl = try? ClosureSolver(options: .init(observables: [.rhoS])).run(
                        chain: several, initial: .product(occupations: occ), times: times),
                    case .complexMatrix(let a)? = mb.observables[.rhoS],
                    case .complexMatrix(let b)? = cl[.rhoS]
                else { return CheckResult(name: name, measured: .infinity, tolerance: 1e-9) }
                return CheckResult(
                    name: name, measured: zip(a, b).map { $0.maxDifference($1) }.max()!,
                    tolerance: 1e-9)
            },
            ValidationCheck(name: "closure Lie weak order") {
                let e =
                    (try? ConvergenceOrder.closureSchemeErrors(
                        chain: chain, initial: .product(occupations: occ), scheme: .lie, time: 6,
                        steps: steps)) ?? []
                return CheckResult(
                    name: "closure Lie weak order", measured: ConvergenceOrder.fit(e),
                    within: 0.85...1.15)
            },
            ValidationCheck(name: "closure Strang weak order") {
                let e =
                    (try? ConvergenceOrder.closureSchemeErrors(
                        chain: chain, initial: .product(occupations: occ), scheme: .strang, time: 6,
                        steps: steps)) ?? []
                return CheckResult(
                    name: "closure Strang weak order", measured: ConvergenceOrder.fit(e),
                    within: 1.85...2.15)
            },
            ValidationCheck(name: "closure trace Tr rho_s = N, L=100 strang to t=1000") {
                let big = Chain.disordered(
                    length: 100, disorder: 1, noiseSite: 49, gamma: 1, seed: settings.seed,
                    realization: 0)
                let obs = try? ClosureSolver(options: .init(scheme: .strang, observables: [.trace]))
                    .run(
                        chain: big, initial: .ground(particles: 50),
                        times: settings.quick ? [100] : [1000])
                guard case .scalar(let tr)? = obs?[.trace] else {
                    return CheckResult(
                        name: "closure trace Tr rho_s = N, L=100 strang to t=1000",
                        measured: .infinity, tolerance: 1e-8)
                }
                return CheckResult(
                    name: "closure trace Tr rho_s = N, L=100 strang to t=1000",
                    measured: abs(tr[0] - 50) / 50, tolerance: 1e-8)
            },
            ValidationCheck(name: "disorder-averaged R = sqrt(mean R_r^2), 4 chains (rel.)") {
                rootOfMeanCheck(settings)
            },
            ValidationCheck(name: "closure energy limit (N/L) sum w, L=4") {
                let small = Chain(potentials: [0.3, -0.5, 0.8, -0.1], noiseSite: 1, gamma: 1)
                let obs = try? ClosureSolver(options: .init(observables: [.energy])).run(
                    chain: small, initial: .ground(particles: 2), times: [400])
                guard case .scalar(let e)? = obs?[.energy] else {
                    return CheckResult(
                        name: "closure energy limit (N/L) sum w, L=4", measured: .infinity,
                        tolerance: 1e-8)
                }
                return CheckResult(
                    name: "closure energy limit (N/L) sum w, L=4",
                    measured: abs(e[0] - small.infiniteTemperatureEnergy(particles: 2)),
                    tolerance: 1e-8)
            },
        ]
    }

    /// Eq. 18 puts the disorder average inside the root: R reported for several chains must be
    /// sqrt of the mean of the chains' own R_r^2 (each an exact noise average), not the mean of
    /// R_r. Computed through the run's reduction (`RealizationRunner.reduce`, the layout) and
    /// independently here; the two differ only by round-off (1e-12 relative).
    package static func rootOfMeanCheck(_ settings: ValidationSettings) -> CheckResult {
        let name = "disorder-averaged R = sqrt(mean R_r^2), 4 chains (rel.)"
        let size = 24, times = [10.0, 100]
        let solver = ClosureSolver(
            options: .init(scheme: .strang, dt: 0.1, observables: [.rmsDisplacement]))
        let initial = InitialState.excitation(site: size / 2 - 1)
        let layout = solver.layout(length: size, initial: initial, times: times.count)
        var records: [RealizationRecord] = [], perChain: [[Double]] = []
        for r in 0..<4 {
            let c = Chain.disordered(
                length: size, disorder: 2, noiseSite: size / 2 - 1, gamma: 1, seed: settings.seed,
                realization: r)
            guard let obs = try? solver.run(chain: c, initial: initial, times: times),
                case .scalar(let rms)? = obs[.rmsDisplacement]
            else {
                return CheckResult(name: name, measured: .infinity, tolerance: 1e-12)
            }
            perChain.append(rms)
            var stats = RunningStatistics(dimension: layout.dimension)
            stats.add(layout.flatten(obs))
            records.append(RealizationRecord(realization: r, noise: stats))
        }
        let average = RealizationRunner.reduce(records, dimension: layout.dimension)
        guard
            case .scalar(let reported)? = layout.observables(
                mean: average.mean, standardError: average.standardError)[.rmsDisplacement]
        else {
            return CheckResult(name: name, measured: .infinity, tolerance: 1e-12)
        }
        let expected = times.indices.map { t in
            (perChain.map { $0[t] * $0[t] }.reduce(0, +) / Double(perChain.count)).squareRoot()
        }
        return CheckResult(
            name: name, measured: zip(reported, expected).map { abs($0 - $1) / $1 }.max()!,
            tolerance: 1e-12)
    }
}

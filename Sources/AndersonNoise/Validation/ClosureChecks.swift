import Foundation

/// The `validate` rows of the closure: the bridge to the many-body oracle and the measured
/// weak orders of the scheme averages.
public enum ClosureChecks {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        let l = settings.length
        let chain = Chain.disordered(length: l, disorder: 1, noiseSite: l / 2 - 1, gamma: 1, seed: settings.seed, realization: 1)
        let occ = InitialState.randomOccupations(length: l, particles: l / 2, seed: settings.seed, realization: 1)
        let steps = settings.quick ? [0.4, 0.2, 0.1] : [0.4, 0.2, 0.1, 0.05]
        return [
            ValidationCheck(name: "closure exact = many-body rho_s (max |diff|)") {
                let times = [0, 0.5, 2, 8, 25.0]
                var worst = 0.0
                for initial in [InitialState.ground(particles: l / 2), .product(occupations: occ)] {
                    guard let mb = try? LindbladSolver(options: .init(observables: ["rho_s"])).run(chain: chain, initial: initial, times: times),
                        let cl = try? ClosureSolver(options: .init(observables: ["rho_s"])).run(chain: chain, initial: initial, times: times),
                        case .complexMatrix(let a)? = mb.observables["rho_s"], case .complexMatrix(let b)? = cl["rho_s"]
                    else { return CheckResult(name: "closure exact = many-body rho_s (max |diff|)", measured: .infinity, tolerance: 1e-9) }
                    for (x, y) in zip(a, b) { worst = max(worst, x.maxDifference(y)) }
                }
                return CheckResult(name: "closure exact = many-body rho_s (max |diff|)", measured: worst, tolerance: 1e-9)
            },
            ValidationCheck(name: "closure Lie weak order") {
                let e = (try? ConvergenceOrder.closureSchemeErrors(chain: chain, initial: .product(occupations: occ), scheme: .lie, time: 6, steps: steps)) ?? []
                return CheckResult(name: "closure Lie weak order", measured: ConvergenceOrder.fit(e), within: 0.85...1.15)
            },
            ValidationCheck(name: "closure Strang weak order") {
                let e = (try? ConvergenceOrder.closureSchemeErrors(chain: chain, initial: .product(occupations: occ), scheme: .strang, time: 6, steps: steps)) ?? []
                return CheckResult(name: "closure Strang weak order", measured: ConvergenceOrder.fit(e), within: 1.85...2.15)
            },
            ValidationCheck(name: "closure trace Tr rho_s = N, L=100 strang to t=1000") {
                let big = Chain.disordered(length: 100, disorder: 1, noiseSite: 49, gamma: 1, seed: settings.seed, realization: 0)
                let obs = try? ClosureSolver(options: .init(scheme: .strang, observables: ["trace"]))
                    .run(chain: big, initial: .ground(particles: 50), times: settings.quick ? [100] : [1000])
                guard case .scalar(let tr)? = obs?["trace"] else {
                    return CheckResult(name: "closure trace Tr rho_s = N, L=100 strang to t=1000", measured: .infinity, tolerance: 1e-8)
                }
                return CheckResult(name: "closure trace Tr rho_s = N, L=100 strang to t=1000", measured: abs(tr[0] - 50) / 50, tolerance: 1e-8)
            },
            ValidationCheck(name: "closure energy limit (N/L) sum w, L=4") {
                let small = Chain(potentials: [0.3, -0.5, 0.8, -0.1], noiseSite: 1, gamma: 1)
                let obs = try? ClosureSolver(options: .init(observables: ["energy"])).run(chain: small, initial: .ground(particles: 2), times: [400])
                guard case .scalar(let e)? = obs?["energy"] else {
                    return CheckResult(name: "closure energy limit (N/L) sum w, L=4", measured: .infinity, tolerance: 1e-8)
                }
                return CheckResult(name: "closure energy limit (N/L) sum w, L=4", measured: abs(e[0] - small.infiniteTemperatureEnergy(particles: 2)), tolerance: 1e-8)
            },
        ]
    }
}

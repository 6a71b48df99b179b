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

/// The `validate` rows of the master equation: its laws and its derivation from the closure.
public enum MasterChecks {
    static let hoppingName = "master vs closure: ring D ratio - 1, gamma=1e-4 W=8"

    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        let weak = Chain.disordered(
            length: 8, disorder: 4, noiseSite: 3, gamma: 0.2, seed: 17, realization: 0)
        return [
            ValidationCheck(name: "master: |sum p - 1|, L=1000 xi=4 to t=1e8") {
                let obs = try? MasterSolver(rates: .ansatz(length: 1000, xi: 4, c: 1)).run(times: [
                    1, 1e4, 1e8,
                ])
                guard case .scalar(let tr)? = obs?[.trace] else {
                    return CheckResult(
                        name: "master: |sum p - 1|, L=1000 xi=4 to t=1e8", measured: .infinity,
                        tolerance: 1e-10)
                }
                return CheckResult(
                    name: "master: |sum p - 1|, L=1000 xi=4 to t=1e8",
                    measured: tr.map { abs($0 - 1) }.max()!, tolerance: 1e-10)
            },
            ValidationCheck(name: "master: -min p, L=1000 xi=4 to t=1e8") {
                let obs = try? MasterSolver(rates: .ansatz(length: 1000, xi: 4, c: 1)).run(times: [
                    1, 1e4, 1e8,
                ])
                guard case .vector(let p)? = obs?[.populations] else {
                    return CheckResult(
                        name: "master: -min p, L=1000 xi=4 to t=1e8", measured: .infinity,
                        tolerance: MasterSolver.positivityTolerance)
                }
                return CheckResult(
                    name: "master: -min p, L=1000 xi=4 to t=1e8",
                    measured: max(0, -p.flatMap { $0 }.min()!),
                    tolerance: MasterSolver.positivityTolerance)
            },
            ValidationCheck(name: "master: closed-form slow rates, L=1000 xi=1 (rel.)") {
                CheckResult(
                    name: "master: closed-form slow rates, L=1000 xi=1 (rel.)",
                    measured: AnsatzClosedForm.largestRateError(length: 1000, xi: 1),
                    tolerance: 1e-12)
            },
            ValidationCheck(name: "master: closed-form slow rates, 2 terms, L=1000 (rel.)") {
                // Rates summed over two noisy sites' terms (the several-term factorisation).
                CheckResult(
                    name: "master: closed-form slow rates, 2 terms, L=1000 (rel.)",
                    measured: AnsatzClosedForm.largestRateError(
                        length: 1000, terms: [(0.7, 1), (0.3, 2.5)]), tolerance: 1e-12)
            },
            ValidationCheck(name: "master: L=2 closed form (max |diff|)") {
                let u = [0.7, 0.3], c = 1.3
                let solver = MasterSolver(
                    rates: MasterRates(u: u, c: c, positions: [1, 2], startingIn: 0))
                let worst = [0.1, 1, 5, 20.0].map { t in
                    abs(
                        solver.populations(from: [1, 0], at: t)[0]
                            - (0.5 + 0.5 * exp(-2 * c * u[0] * u[1] * t)))
                }.max()!
                return CheckResult(
                    name: "master: L=2 closed form (max |diff|)", measured: worst, tolerance: 1e-13)
            },
            ValidationCheck(name: "master vs closure: fitted c / gamma (gamma=0.2)") {
                let fit = PrefactorFit(chain: weak, times: [25, 50, 100, 200, 400])
                return CheckResult(
                    name: "master vs closure: fitted c / gamma (gamma=0.2)",
                    measured: fit.bestPrefactor() / 0.2, within: 0.9...1.1)
            },
            ValidationCheck(name: "master vs closure: TV distance, default prefactor") {
                let fit = PrefactorFit(chain: weak, times: [25, 50, 100, 200, 400])
                return CheckResult(
                    name: "master vs closure: TV distance, default prefactor",
                    measured: fit.totalVariation(
                        c: MasterSpec.Prefactor.standard.value(weak.gammas[0])), tolerance: 0.05)
            },
            ValidationCheck(name: hoppingName) {
                CheckResult(
                    name: hoppingName,
                    measured: HoppingLimit.largestDeviation(realizations: settings.quick ? 1 : 4),
                    tolerance: HoppingLimit.tolerance)
            },
        ]
    }
}

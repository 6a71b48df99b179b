import Foundation

/// The `validate` rows of the master equation: its laws and its derivation from the closure.
public enum MasterChecks {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        let weak = Chain.disordered(length: 8, disorder: 4, noiseSite: 3, gamma: 0.2, seed: 17, realization: 0)
        return [
            ValidationCheck(name: "master: |sum p - 1|, L=1000 xi=4 to t=1e8") {
                let obs = try? MasterSolver(rates: .ansatz(length: 1000, xi: 4, c: 1)).run(times: [1, 1e4, 1e8])
                guard case .scalar(let tr)? = obs?["trace"] else {
                    return CheckResult(name: "master: |sum p - 1|, L=1000 xi=4 to t=1e8", measured: .infinity, tolerance: 1e-10)
                }
                return CheckResult(name: "master: |sum p - 1|, L=1000 xi=4 to t=1e8", measured: tr.map { abs($0 - 1) }.max()!, tolerance: 1e-10)
            },
            ValidationCheck(name: "master: -min p, L=1000 xi=4 to t=1e8") {
                let obs = try? MasterSolver(rates: .ansatz(length: 1000, xi: 4, c: 1)).run(times: [1, 1e4, 1e8])
                guard case .vector(let p)? = obs?["populations"] else {
                    return CheckResult(name: "master: -min p, L=1000 xi=4 to t=1e8", measured: .infinity, tolerance: MasterSolver.positivityTolerance)
                }
                return CheckResult(name: "master: -min p, L=1000 xi=4 to t=1e8", measured: max(0, -p.flatMap { $0 }.min()!), tolerance: MasterSolver.positivityTolerance)
            },
            ValidationCheck(name: "master: closed-form slow rates, L=1000 xi=1 (rel.)") {
                CheckResult(name: "master: closed-form slow rates, L=1000 xi=1 (rel.)", measured: closedFormRateError(length: 1000, xi: 1), tolerance: 1e-12)
            },
            ValidationCheck(name: "master: closed-form slow rates, 2 terms, L=1000 (rel.)") {
                // Rates summed over two noisy sites' terms (the several-term factorisation).
                CheckResult(name: "master: closed-form slow rates, 2 terms, L=1000 (rel.)",
                            measured: closedFormRateError(length: 1000, terms: [(0.7, 1), (0.3, 2.5)]), tolerance: 1e-12)
            },
            ValidationCheck(name: "master: L=2 closed form (max |diff|)") {
                let u = [0.7, 0.3], c = 1.3
                let solver = MasterSolver(rates: MasterRates(u: u, c: c, positions: [1, 2], startingIn: 0))
                let worst = [0.1, 1, 5, 20.0].map { t in
                    abs(solver.populations(from: [1, 0], at: t)[0] - (0.5 + 0.5 * exp(-2 * c * u[0] * u[1] * t)))
                }.max()!
                return CheckResult(name: "master: L=2 closed form (max |diff|)", measured: worst, tolerance: 1e-13)
            },
            ValidationCheck(name: "master vs closure: fitted c / gamma (gamma=0.2)") {
                let fit = PrefactorFit(chain: weak, times: [25, 50, 100, 200, 400])
                return CheckResult(name: "master vs closure: fitted c / gamma (gamma=0.2)", measured: fit.bestPrefactor() / 0.2, within: 0.9...1.1)
            },
            ValidationCheck(name: "master vs closure: TV distance, default prefactor") {
                let fit = PrefactorFit(chain: weak, times: [25, 50, 100, 200, 400])
                return CheckResult(name: "master vs closure: TV distance, default prefactor",
                                   measured: fit.totalVariation(c: MasterRates.Prefactor.standard.value(weak.gammas[0])), tolerance: 0.05)
            },
        ]
    }

    /// Largest relative error of the rates known in closed form. With ansatz rates the states
    /// a = L/2 +- m have equal u_m = e^{-m/xi}, so (e_{L/2+m} - e_{L/2-m})/sqrt 2 is orthogonal
    /// to u and an exact eigenvector of G with rate c S u_m: half of the spectrum, down to
    /// e^{-(L/2 - 1)/xi}, far below eps ||G|| for large L / xi. Each must appear among the
    /// solver's rates; the error is that of the nearest one. With several terms of that form
    /// (`terms`: (c, xi) each, all centred at L/2: the several-term path of the solver) the
    /// same vectors are exact eigenvectors with rate sum_s c_s S_s e^{-m/xi_s}.
    public static func closedFormRateError(length l: Int, xi: Double) -> Double {
        closedFormRateError(length: l, terms: [(0.7, xi)])
    }

    public static func closedFormRateError(length l: Int, terms: [(c: Double, xi: Double)]) -> Double {
        let ansatz = terms.map { MasterRates.ansatz(length: l, xi: $0.xi, c: $0.c) }
        let rates = MasterRates(terms: ansatz.flatMap(\.terms), positions: ansatz[0].positions,
                                initialPopulations: ansatz[0].initialPopulations, origin: ansatz[0].origin)
        let computed = MasterSolver(rates: rates).values.map { -$0 }.sorted()
        return (1..<(l / 2)).map { m in
            let exact = rates.terms.reduce(0) { $0 + $1.c * $1.u.reduce(0, +) * $1.u[l / 2 - 1 + m] }
            var low = 0, high = computed.count  // first computed rate >= exact
            while low < high {
                let mid = (low + high) / 2
                if computed[mid] < exact { low = mid + 1 } else { high = mid }
            }
            return [low - 1, low].filter { computed.indices.contains($0) }.map { abs(computed[$0] - exact) / exact }.min()!
        }.max() ?? 0
    }
}

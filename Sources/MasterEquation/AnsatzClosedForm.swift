import Foundation
import ChainModel
import LinearAlgebra

/// The half of the ansatz spectrum known in closed form, against which the solver's rates are
/// checked (`validate`, tests).
public enum AnsatzClosedForm {
    /// Largest relative error of the rates known in closed form. With ansatz rates the states
    /// a = L/2 +- m have equal u_m = e^{-m/xi}, so (e_{L/2+m} - e_{L/2-m})/sqrt 2 is orthogonal
    /// to u and an exact eigenvector of G with rate c S u_m: half of the spectrum, down to
    /// e^{-(L/2 - 1)/xi}, far below eps ||G|| for large L / xi. Each must appear among the
    /// solver's rates; the error is that of the nearest one. With several terms of that form
    /// (`terms`: (c, xi) each, all centred at L/2: the several-term path of the solver) the
    /// same vectors are exact eigenvectors with rate sum_s c_s S_s e^{-m/xi_s}.
    public static func largestRateError(length l: Int, xi: Double) -> Double {
        largestRateError(length: l, terms: [(0.7, xi)])
    }

    public static func largestRateError(length l: Int, terms: [(c: Double, xi: Double)]) -> Double {
        let ansatz = terms.map { MasterRates.ansatz(length: l, xi: $0.xi, c: $0.c) }
        let rates = MasterRates(
            terms: ansatz.flatMap(\.terms), positions: ansatz[0].positions,
            initialPopulations: ansatz[0].initialPopulations, origin: ansatz[0].origin)
        let computed = MasterSolver(rates: rates).values.map { -$0 }.sorted()
        return (1..<(l / 2)).map { m in
            let exact = rates.terms.reduce(0) {
                $0 + $1.c * $1.u.reduce(0, +) * $1.u[l / 2 - 1 + m]
            }
            var low = 0, high = computed.count  // first computed rate >= exact
            while low < high {
                let mid = (low + high) / 2
                if computed[mid] < exact { low = mid + 1 } else { high = mid }
            }
            return [low - 1, low].filter { computed.indices.contains($0) }.map {
                abs(computed[$0] - exact) / exact
            }.min()!
        }.max() ?? 0
    }
}

import ChainModel
import RunSpecification
import Statistics
import Execution

/// The master equation as an ensemble solver: per disorder realization the rates (the
/// microscopic rates of that chain, or the ansatz's, the same for every realization), the
/// exact `MasterSolver`, and with `collapse` the Fig. 4b axes w/xi and xi t. The microscopic
/// rates start from the density excitation the state names (its site); the ansatz starts in
/// the state at L/2 whatever it is given. Deterministic: one sample per realization.
public struct MasterEnsemble: EnsembleSolver {
    public static let observables: [Observable] = [
        .trace, .populations, .rmsWidth, .rmsWidthOverXi, .xiTimesT,
    ]

    public let master: MasterSpec
    /// The rates' prefactor c_s of each noisy site (`MasterSpec.Prefactor` of its gamma).
    public let prefactors: [Double]

    public init(master: MasterSpec, gammas: [Double]) {
        self.master = master
        prefactors = gammas.map(master.prefactor.value)
    }

    /// `MasterSolver.layout` (the state is always the excitation at `start`).
    public func layout(length: Int, initial: InitialState, times: Int) -> ObservableLayout {
        MasterSolver.layout(length: length, times: times, collapse: master.collapse)
    }

    /// `MasterSolver.cost`.
    public func cost(
        chain: ChainSpec, initial: InitialState, layout: ObservableLayout, lastTime: Double
    ) -> RunCost {
        MasterSolver.cost(length: chain.length, noisySites: chain.noiseSites.count, layout: layout)
    }

    public func statistics(
        chain: Chain, initial: InitialState, times: [Double], realization: Int
    ) throws -> RunningStatistics {
        let rates: MasterRates
        switch (master.rates, initial) {
        case (.ansatz, _):
            rates = MasterRates.ansatz(length: chain.length, xi: master.xi!, c: prefactors[0])
        case (.microscopic, .excitation(let start)):
            rates = MasterRates.microscopic(chain: chain, prefactors: prefactors, start: start)
        case (.microscopic, _):
            throw InputError(
                option: "initial", value: "\(initial)",
                allowed: "the master equation starts from a density excitation")
        }
        var obs = try MasterSolver(rates: rates).run(times: times, realization: realization)
        if master.collapse, let xi = master.xi, case .scalar(let width)? = obs[.rmsWidth] {
            obs[.rmsWidthOverXi] = .scalar(width.map { $0 / xi })
            obs[.xiTimesT] = .scalar(times.map { $0 * xi })
        }
        return Self.sample(
            obs, layout: layout(length: chain.length, initial: initial, times: times.count))
    }
}

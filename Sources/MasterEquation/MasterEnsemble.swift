import ChainModel
import RunSpecification
import Statistics
import Execution

/// The master equation as an ensemble solver: per disorder realization the rates (the
/// microscopic rates of that chain, or the ansatz's, the same for every realization), the
/// exact `MasterSolver`, and with `collapse` the Fig. 4b axes R/xi and xi t. Deterministic:
/// one sample per realization.
public struct MasterEnsemble: EnsembleSolver {
    public static let observables: [Observable] = [
        .trace, .populations, .rmsDisplacement, .rmsDisplacementOverXi, .xiTimesT,
    ]

    public let master: MasterSpec
    /// The rates' prefactor c_s of each noisy site (`MasterSpec.Prefactor` of its gamma).
    public let prefactors: [Double]
    /// The excited site (0-based) the microscopic rates start from.
    public let start: Int

    public init(master: MasterSpec, gammas: [Double], start: Int) {
        self.master = master
        prefactors = gammas.map(master.prefactor.value)
        self.start = start
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
        let rates =
            master.rates == .ansatz
            ? MasterRates.ansatz(length: chain.length, xi: master.xi!, c: prefactors[0])
            : MasterRates.microscopic(chain: chain, prefactors: prefactors, start: start)
        var obs = try MasterSolver(rates: rates).run(times: times, realization: realization)
        if master.collapse, let xi = master.xi, case .scalar(let rms)? = obs[.rmsDisplacement] {
            obs[.rmsDisplacementOverXi] = .scalar(rms.map { $0 / xi })
            obs[.xiTimesT] = .scalar(times.map { $0 * xi })
        }
        return Self.sample(
            obs, layout: layout(length: chain.length, initial: initial, times: times.count))
    }
}

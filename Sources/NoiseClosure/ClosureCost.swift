import ChainModel
import RunSpecification
import LinearAlgebra
import Execution
import Propagation
/// The up-front estimate of a closure run (`RunCost`): per worker about eight L x L complex
/// matrices (state, Taylor terms, the site-basis copy, congruence temporaries) and the
/// eigenbasis; per realization, `exact`: the Taylor steps and terms `RunCost.taylor` finds for
/// the generator's norm bound nu = (spectral width) + gamma/2 (width <= max w - min w + 4J),
/// about 30 L^2 operations per application; `lie`/`strang`: t_last / dt steps of one fused
/// pass per noisy site (K sites: about (4 + 8 K) L^2 operations) and two L x L congruences
/// (8 L^3) per output time.
extension ClosureSolver {
    public func cost(
        length l: Int, noisySites: Int, spectralWidth: Double, gamma: Double,
        layout: ObservableLayout, lastTime: Double
    ) -> RunCost {
        let L = Double(l), K = Double(noisySites)
        let bytes = 8 * (16 * L * L + 2 * L * L + 6 * K * L)
        let steps: Double, operations: Double, workOptions: String
        switch options.scheme {
        case .exact:
            let taylor = RunCost.taylor(
                nu: spectralWidth + gamma / 2, horizon: lastTime, intervals: layout.times,
                tolerance: options.tolerance)
            steps = taylor.steps
            operations =
                4 * L * L * L + taylor.applications * 30 * L * L + Double(layout.times) * 10 * L * L
            workOptions = "times/t_max/tolerance/gammas/disorder/hopping"
        case .lie, .strang, .paper:
            steps = (lastTime / options.dt).rounded(.up)
            operations =
                4 * L * L * L + steps * (4 + 8 * K) * L * L + Double(layout.times) * 8 * L * L * L
            workOptions = "times/t_max/dt"
        }
        return RunCost(
            bytesPerWorker: bytes, layout: layout, steps: steps, operations: operations,
            workOptions: workOptions,
            stepsMeaning: options.scheme == .exact
                ? "Taylor steps per realization" : "time steps per realization")
    }
}

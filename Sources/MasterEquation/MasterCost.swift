import ChainModel
import LinearAlgebra
import Execution
/// The up-front estimate of a master-equation run (`RunCost`): per worker the graded factor,
/// its Jacobi SVD workspace and the eigenvectors (about six L x L numbers) and, for K noisy
/// sites, the rate terms' sums and K x K matrices (2 K L + 3 K^2); per realization the SVD
/// (about 40 L^3 operations), the terms' coupling (K^2 L + 10 K^3) and 4 L^2 per output time. There
/// is no time stepping (p(t) is exact for any t), so the step count is zero and t itself is never a
/// cost.
extension MasterSolver {
    public static func cost(length l: Int, noisySites: Int, layout: ObservableLayout) -> RunCost {
        let L = Double(l), K = Double(noisySites)
        return RunCost(
            bytesPerWorker: 8 * (6 * L * L + 2 * K * L + 3 * K * K), layout: layout, steps: 0,
            operations: 40 * L * L * L + K * K * L + 10 * K * K * K + Double(layout.times) * 4 * L
                * L,
            workOptions: "length/times", stepsMeaning: "time steps (none: exact in time)")
    }
}

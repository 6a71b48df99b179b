import ChainModel
import LinearAlgebra
/// The up-front estimate of a master-equation run (`RunCost`): per worker the graded factor,
/// its Jacobi SVD workspace and the eigenvectors (about six L x L numbers); per realization
/// the SVD (about 40 L^3 operations) and 4 L^2 per output time. There is no time stepping
/// (p(t) is exact for any t), so the step count is zero and t itself is never a cost.
extension MasterSolver {
    public static func cost(length l: Int, layout: ObservableLayout) -> RunCost {
        let L = Double(l)
        return RunCost(
            bytesPerWorker: 8 * 6 * L * L, layout: layout, steps: 0,
            operations: 40 * L * L * L + Double(layout.times) * 4 * L * L,
            workOptions: "--length/--times", stepsMeaning: "time steps (none: exact in time)")
    }
}

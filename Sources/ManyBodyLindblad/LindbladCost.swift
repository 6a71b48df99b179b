import ChainModel
import LinearAlgebra
import Execution
import Propagation
/// The up-front estimate of a lindblad run (`RunCost`): per worker `memoryNeeded` (four d x d
/// complex matrices, six with entropy_vn); per realization the Taylor steps and terms
/// `RunCost.taylor` finds for nu = N (spectral width) + gamma/2 (the many-body width is at
/// most N times the single-particle one; gamma summed over the noisy sites), each application
/// about (8 L + 16 + 2 K) d^2 operations (up to 2 L signed hops per basis state, on both sides
/// of rho, complex; the dephasing of K noisy sites), and per output
/// time the observables (about 4 L d^2) and, with entropy_vn, a d x d eigendecomposition
/// (about 10 d^3).
extension LindbladSolver {
    public static func cost(
        length l: Int, particles n: Int, noisySites: Int, spectralWidth: Double, gamma: Double,
        tolerance: Double, entropy: Bool,
        layout: ObservableLayout, lastTime: Double
    ) -> RunCost {
        let d = Double(FockSector.dimension(length: l, particles: n)), L = Double(l),
            K = Double(noisySites)
        let taylor = RunCost.taylor(
            nu: Double(n) * spectralWidth + gamma / 2, horizon: lastTime, intervals: layout.times,
            tolerance: tolerance)
        let perTime = 4 * L * d * d + (entropy ? 10 * d * d * d : 0)
        return RunCost(
            bytesPerWorker: memoryNeeded(dimension: Int(d), entropy: entropy), layout: layout,
            steps: taylor.steps,
            operations: taylor.applications * (8 * L + 16 + 2 * K) * d * d + Double(layout.times)
                * perTime,
            workOptions: "times/t_max/tolerance/gammas/disorder/hopping",
            stepsMeaning: "Taylor steps per realization")
    }
}

import ChainModel
import RunSpecification
import LinearAlgebra
import Execution
/// The up-front estimate of a trajectories run (`RunCost`): per worker the eigenbasis (V and
/// the eigensolver's workspace, 2 L^2 numbers), the noise amplitudes p_s of the K noisy sites
/// (twice K L: spectrum and kernel tables), the orbitals in both bases (4 L N), the L x L
/// matrices of rho_s, nn and the Peschel entropies when measured, the paper scheme's dense
/// step, and the record; per disorder realization M trajectories of t_last / dt steps at
/// (6 + 8 K) L N + 6 K N operations (Lie, Strang; the paper scheme builds and diagonalises an
/// L x L matrix per step, about K L^2 + 10 L^3) plus the measurements at every output time.
extension TrajectorySolver {
    public func cost(
        length l: Int, orbitals n: Int, noisySites: Int, layout: ObservableLayout, lastTime: Double
    ) -> RunCost {
        let L = Double(l), N = Double(n), K = Double(noisySites),
            measured = Set(layout.entries.map(\.observable))
        let squares =
            (measured.contains(.rhoS) || measured.contains(.nn) ? 2.0 : 0)
            + (measured.contains(.entanglement) || measured.contains(.entanglementProfile) ? 3 : 0)
        let paper = options.scheme == .paper
        var bytes =
            8
            * (2 * L * L + 2 * K * L + 4 * L * N + 2 * squares * L * L + K
                * Double(SchemeStepper.chunk))
        if paper { bytes += 8 * 3 * L * L }
        let steps = (lastTime / options.dt).rounded(.up)
        let perStep =
            paper ? K * L * L + 10 * L * L * L + 8 * L * L * N : (6 + 8 * K) * L * N + 6 * K * N
        let perTime = 8 * L * L * N + (squares > 0 ? 10 * L * L * L : 0)
        let operations =
            4 * L * L * L + Double(options.noiseRealizations)
            * (steps * perStep + Double(layout.times) * perTime)
        return RunCost(
            bytesPerWorker: bytes, layout: layout, steps: steps, operations: operations,
            workOptions: "times/t_max/dt/noise_realizations",
            stepsMeaning: "time steps per trajectory")
    }
}

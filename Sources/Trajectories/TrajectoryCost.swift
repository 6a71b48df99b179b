import ChainModel
import LinearAlgebra
/// The up-front estimate of a trajectories run (`RunCost`): per worker the eigenbasis (V and
/// the eigensolver's workspace, 2 L^2 numbers), the orbitals in both bases (4 L N), the L x L
/// matrices of rho_s, nn and the Peschel entropies when measured, the paper scheme's dense
/// step, and the record; per disorder realization M trajectories of S = t_last / dt steps at
/// 14 L N + 6 N operations (Lie, Strang; the paper scheme diagonalises an L x L matrix per
/// step, about 10 L^3) plus the measurements at every output time.
extension TrajectorySolver {
    public func cost(length l: Int, orbitals n: Int, layout: ObservableLayout, lastTime: Double) -> RunCost {
        let L = Double(l), N = Double(n), names = Set(layout.entries.map(\.name))
        let squares = (names.contains("rho_s") || names.contains("nn") ? 2.0 : 0) + (names.contains("entanglement") || names.contains("entanglement_profile") ? 3 : 0)
        let paper = options.scheme == .paper
        var bytes = 8 * (2 * L * L + 4 * L * N + 2 * squares * L * L + Double(SchemeStepper.chunk))
        if paper { bytes += 8 * 3 * L * L }
        let steps = (lastTime / options.dt).rounded(.up)
        let perStep = paper ? 10 * L * L * L + 8 * L * L * N : 14 * L * N + 6 * N
        let perTime = 8 * L * L * N + (squares > 0 ? 10 * L * L * L : 0)
        let operations = 4 * L * L * L + Double(options.noiseRealizations) * (steps * perStep + Double(layout.times) * perTime)
        return RunCost(
            bytesPerWorker: bytes, layout: layout, steps: steps, operations: operations,
            workOptions: "--times/--t-max/--dt/--noise-realizations", stepsMeaning: "time steps per trajectory")
    }
}

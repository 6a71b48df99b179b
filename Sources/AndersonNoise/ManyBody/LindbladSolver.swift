import Foundation

/// The exact many-body Lindblad equation (paper eq. 4) in one particle-number sector: the
/// oracle the other solvers are checked against.
///
/// Method: the density matrix (dimension d = C(L, N), dense, Hermitian) is propagated by the
/// shared `TaylorPropagator` with the structured generator `LindbladGenerator`; the error in
/// the Frobenius norm stays below `tolerance` at every output time (see the propagator). The
/// cost of one generator application is about (nonzeros of H) x d; memory is four d x d
/// complex matrices.
public struct LindbladSolver: Sendable {
    public static let observableNames = ["trace", "energy", "density", "rho_s", "nn", "purity", "entropy_vn"]
    /// entropy_vn needs a d x d eigendecomposition per time: computed by default up to this d.
    public static let defaultEntropyDimension = 1500

    public struct Options: Sendable {
        public var tolerance: Double
        /// Observables to compute; nil = all (entropy_vn only when d <= 1500).
        public var observables: Set<String>?
        public var threads: Int

        public init(tolerance: Double = 1e-10, observables: Set<String>? = nil, threads: Int = 1) {
            self.tolerance = tolerance
            self.observables = observables
            self.threads = threads
        }
    }

    public struct Output {
        public var observables: Observables
        /// Number of generator applications (the cost).
        public var evaluations: Int
        /// Smallest eigenvalue of rho at each time (when entropy_vn was computed).
        public var smallestEigenvalues: [Double]?
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Bytes the solver needs for a sector of dimension d (four d x d complex matrices plus
    /// the eigensolver's copy when entropy_vn is computed).
    public static func memoryNeeded(dimension d: Int, entropy: Bool) -> Double {
        Double(d) * Double(d) * 16 * (entropy ? 6 : 4) + 64e6
    }

    /// Refuses a sector that does not fit in physical memory.
    public static func checkMemory(length: Int, particles: Int, entropy: Bool) throws {
        let d = FockSector.dimension(length: length, particles: particles)
        let need = memoryNeeded(dimension: d, entropy: entropy)
        let have = Double(ProcessInfo.processInfo.physicalMemory)
        if need > 0.9 * have {
            throw InputError(
                option: "--length/--particles", value: "\(length)/\(particles)",
                allowed: "the sector C(\(length),\(particles)) = \(d) needs "
                    + String(format: "%.3g GiB, more than 90%% of this machine's %.1f GiB", need / 1_073_741_824, have / 1_073_741_824))
        }
    }

    public func wants(_ name: String, dimension d: Int) -> Bool {
        if let set = options.observables { return set.contains(name) }
        return name != "entropy_vn" || d <= Self.defaultEntropyDimension
    }

    public func run(chain: Chain, initial: InitialState, times: [Double], realization: Int? = nil) throws -> Output {
        let n = initial.particles
        let sector = FockSector(length: chain.length, particles: n)
        let spectrum = chain.spectrum()
        let hamiltonian = SectorHamiltonian(chain: chain, sector: sector, spectrum: spectrum)
        let generator = LindbladGenerator(
            hamiltonian: hamiltonian, sector: sector, noiseSite: chain.noiseSite, gamma: chain.gamma,
            threads: options.threads)
        var rho: ComplexMatrix
        switch initial {
        case .ground: rho = SectorState.groundState(sector: sector, spectrum: spectrum)
        case .product(let occ): rho = SectorState.product(sector: sector, occupations: occ)
        case .excitation:
            throw InputError(option: "--initial", value: "excitation", allowed: "lindblad takes ground or product")
        }
        let d = sector.dimension
        let measure = ManyBodyObservables(sector: sector, hamiltonian: hamiltonian)
        var propagator = TaylorPropagator(generator: generator, tolerance: options.tolerance, horizon: times.last ?? 0)
        var trace: [Double] = [], energy: [Double] = [], density: [[Double]] = [], rhoS: [ComplexMatrix] = []
        var nn: [[[Double]]] = [], purity: [Double] = [], entropy: [Double] = [], smallest: [Double] = []
        var now = 0.0
        for t in times {
            propagator.advance(&rho, by: t - now)
            now = t
            let tr = measure.trace(rho)
            if !tr.isFinite || abs(tr - 1) > max(1e-8, 100 * options.tolerance) {
                throw InvariantViolation(invariant: "trace of rho = 1", time: t, realization: realization, detail: "trace = \(tr)")
            }
            if wants("trace", dimension: d) { trace.append(tr) }
            if wants("energy", dimension: d) { energy.append(measure.energy(rho)) }
            if wants("density", dimension: d) { density.append(measure.density(rho)) }
            if wants("rho_s", dimension: d) { rhoS.append(measure.singleParticleDensityMatrix(rho)) }
            if wants("nn", dimension: d) { nn.append(measure.densityDensity(rho)) }
            if wants("purity", dimension: d) { purity.append(measure.purity(rho)) }
            if wants("entropy_vn", dimension: d) {
                let values = measure.spectrum(rho)
                smallest.append(values.first ?? 0)
                entropy.append(ManyBodyObservables.vonNeumannEntropy(eigenvalues: values))
            }
        }
        var obs = Observables()
        if !trace.isEmpty { obs["trace"] = .scalar(trace) }
        if !energy.isEmpty { obs["energy"] = .scalar(energy) }
        if !density.isEmpty { obs["density"] = .vector(density) }
        if !rhoS.isEmpty { obs["rho_s"] = .complexMatrix(rhoS) }
        if !nn.isEmpty { obs["nn"] = .matrix(nn) }
        if !purity.isEmpty { obs["purity"] = .scalar(purity) }
        if !entropy.isEmpty { obs["entropy_vn"] = .scalar(entropy) }
        return Output(observables: obs, evaluations: propagator.evaluations, smallestEigenvalues: smallest.isEmpty ? nil : smallest)
    }
}

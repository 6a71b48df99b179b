import Foundation
import ChainModel
import LinearAlgebra
import Propagation
import RunSpecification
import Statistics
import Execution

/// The exact many-body Lindblad equation (paper eq. 4) in one particle-number sector: the
/// oracle the other solvers are checked against.
///
/// Method: the density matrix (dimension d = C(L, N), dense, Hermitian) is propagated by the
/// shared `TaylorPropagator` with the structured generator `LindbladGenerator`, in steps its
/// tolerance chooses whatever the output grid; the error in the Frobenius norm stays below
/// `tolerance` at every output time (see the propagator). The linear observables come from
/// their readout on each series term (`ManyBodyObservables`), purity (the squared Frobenius
/// norm) and entropy (eigenvalues only, `SpectrumWorkers`: solved alongside the propagation
/// when there are threads to spare) from the state formed at the output time. The cost of
/// one generator application is about (nonzeros of H) x d; memory: `memoryNeeded`.
public struct LindbladSolver: EnsembleSolver {
    public static let observables: [Observable] = [
        .trace, .energy, .density, .rhoS, .nn, .purity, .entropyVN,
    ]
    /// entropy_vn needs a d x d eigendecomposition per time: computed by default up to this d.
    public static let defaultEntropyDimension = 1500

    public struct Options: Sendable {
        public var tolerance: Double
        /// Observables to compute; nil = all (entropy_vn only when d <= 1500).
        public var observables: Set<Observable>?
        public var threads: Int

        public init(
            tolerance: Double = 1e-10, observables: Set<Observable>? = nil, threads: Int = 1
        ) {
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

    /// Bytes the solver needs for a sector of dimension d: the state and the propagator's term
    /// (two d x d complex matrices), the dense-output accumulators (`TaylorPropagator`: as many
    /// as fit in 512 MiB, at least one), and the eigensolver's copy when entropy_vn is computed.
    public static func memoryNeeded(dimension d: Int, entropy: Bool) -> Double {
        let matrix = 16 * Double(d) * Double(d)
        let accumulators =
            Double(TaylorPropagator<LindbladGenerator>.outputsPerStep(rows: d, columns: d) - 1)
            * matrix
        return matrix * (entropy ? 3 : 2) + accumulators + 64e6
    }

    /// Refuses a sector that does not fit in the memory this process may use (`MemoryLimit`).
    public static func checkMemory(length: Int, particles: Int, entropy: Bool) throws {
        let d = FockSector.dimension(length: length, particles: particles)
        let need = memoryNeeded(dimension: d, entropy: entropy)
        let limit = MemoryLimit.current()
        if need > 0.9 * limit.bytes {
            throw InputError(
                option: "length/particles", value: "\(length)/\(particles)",
                allowed: "the sector C(\(length),\(particles)) = \(d) needs "
                    + String(format: "%.3g GiB, more than ", need / 1_073_741_824)
                    + limit.describe(fraction: 0.9))
        }
    }

    /// The observables this run produces in a sector of dimension d, with their shapes.
    public func layout(length l: Int, dimension d: Int, times: Int) -> ObservableLayout {
        ObservableLayout(
            times: times,
            entries: Self.observables.compactMap { observable in
                guard wants(observable, dimension: d) else { return nil }
                switch observable {
                case .density: return (observable, .vector(l))
                case .rhoS: return (observable, .complexMatrix(l))
                case .nn: return (observable, .matrix(l))
                default: return (observable, .scalar)
                }
            })
    }

    /// The layout in the sector of `initial`'s particle number (d = C(L, N)).
    public func layout(length l: Int, initial: InitialState, times: Int) -> ObservableLayout {
        layout(
            length: l, dimension: FockSector.dimension(length: l, particles: initial.particles),
            times: times)
    }

    /// Whether this run computes `observable` in a sector of dimension d: the selection's, or
    /// by default all (entropy_vn only for d <= `defaultEntropyDimension`).
    public func wants(_ observable: Observable, dimension d: Int) -> Bool {
        if let set = options.observables { return set.contains(observable) }
        return observable != .entropyVN || d <= Self.defaultEntropyDimension
    }

    /// `cost(length:particles:...)` of this run's tolerance and entropy.
    public func cost(
        chain: ChainSpec, initial: InitialState, layout: ObservableLayout, lastTime: Double
    ) -> RunCost {
        let d = FockSector.dimension(length: chain.length, particles: initial.particles)
        return Self.cost(
            length: chain.length, particles: initial.particles, noisySites: chain.noiseSites.count,
            spectralWidth: chain.spectralWidth, gamma: chain.totalGamma,
            tolerance: options.tolerance,
            entropy: wants(.entropyVN, dimension: d), layout: layout, lastTime: lastTime)
    }

    /// One sample: the observables of `run` (deterministic: no noise sampling).
    public func statistics(
        chain: Chain, initial: InitialState, times: [Double], realization: Int
    ) throws -> RunningStatistics {
        let out = try run(chain: chain, initial: initial, times: times, realization: realization)
        return Self.sample(
            out.observables,
            layout: layout(length: chain.length, initial: initial, times: times.count))
    }

    public func run(
        chain: Chain, initial: InitialState, times: [Double], realization: Int? = nil
    ) throws -> Output {
        let n = initial.particles
        let sector = FockSector(length: chain.length, particles: n)
        let spectrum = chain.spectrum()
        let hamiltonian = SectorHamiltonian(chain: chain, sector: sector, spectrum: spectrum)
        let generator = LindbladGenerator(
            hamiltonian: hamiltonian, sector: sector, noiseSites: chain.noiseSites,
            gammas: chain.gammas,
            threads: options.threads)
        var rho: ComplexMatrix
        switch initial {
        case .ground: rho = SectorState.groundState(sector: sector, spectrum: spectrum)
        case .product(let occ): rho = SectorState.product(sector: sector, occupations: occ)
        case .excitation:
            throw InputError(
                option: "initial", value: "excitation",
                allowed: "lindblad takes ground or product")
        }
        let d = sector.dimension
        let measure = ManyBodyObservables(
            sector: sector, hamiltonian: hamiltonian,
            linear: ManyBodyObservables.linearObservables.filter { wants($0, dimension: d) })
        let wantsPurity = wants(.purity, dimension: d),
            wantsEntropy = wants(.entropyVN, dimension: d)
        var propagator = TaylorPropagator(
            generator: generator, tolerance: options.tolerance, horizon: times.last ?? 0)
        var trace: [Double] = [], energy: [Double] = [], density: [[Double]] = [],
            rhoS: [ComplexMatrix] = []
        var nn: [[[Double]]] = [], purity: [Double] = [], entropy: [Double] = [],
            smallest: [Double] = []
        let spectra = wantsEntropy ? SpectrumWorkers(workers: options.threads) : nil
        try propagator.propagate(
            &rho, through: times, linear: measure.readout, needsState: wantsPurity || wantsEntropy
        ) { index, values, state in
            let t = times[index]
            let tr = values[measure.ranges[.trace]!.lowerBound]
            if !tr.isFinite || abs(tr - 1) > max(1e-8, 100 * options.tolerance) {
                throw InvariantViolation(
                    invariant: "trace of rho = 1", time: t, realization: realization,
                    detail: "trace = \(tr)")
            }
            if wants(.trace, dimension: d) { trace.append(tr) }
            if let r = measure.ranges[.energy] { energy.append(values[r.lowerBound]) }
            if let r = measure.ranges[.density] { density.append(Array(values[r])) }
            if measure.ranges[.rhoS] != nil {
                rhoS.append(measure.singleParticleDensityMatrix(values))
            }
            if measure.ranges[.nn] != nil { nn.append(measure.densityDensity(values)) }
            if wantsPurity { purity.append(ManyBodyObservables.purity(state!)) }
            if let spectra { spectra.submit(index, state!) }
        }
        for values in spectra?.finish() ?? [] {
            smallest.append(values.first ?? 0)
            entropy.append(ManyBodyObservables.vonNeumannEntropy(eigenvalues: values))
        }
        var obs = Observables()
        if !trace.isEmpty { obs[.trace] = .scalar(trace) }
        if !energy.isEmpty { obs[.energy] = .scalar(energy) }
        if !density.isEmpty { obs[.density] = .vector(density) }
        if !rhoS.isEmpty { obs[.rhoS] = .complexMatrix(rhoS) }
        if !nn.isEmpty { obs[.nn] = .matrix(nn) }
        if !purity.isEmpty { obs[.purity] = .scalar(purity) }
        if !entropy.isEmpty { obs[.entropyVN] = .scalar(entropy) }
        return Output(
            observables: obs, evaluations: propagator.evaluations,
            smallestEigenvalues: smallest.isEmpty ? nil : smallest)
    }
}

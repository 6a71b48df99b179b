import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra
import Propagation
import Statistics
import Execution

/// The `closure` solver: the exact noise average of rho_s for one disorder realization, with
/// no sampling, for any L.
///
/// - `exact`: the closed equation (`ClosureGenerator`) propagated by the shared
///   `TaylorPropagator` in steps its tolerance chooses, every output time from its step's
///   series (dense output), error below `tolerance` in the Frobenius norm at each.
/// Observables: `absorbed_energy` is eps(t) - eps(0) per realization (the paper's Delta eps
/// from the ground state), computed only when asked for; for an excitation, `populations` are
/// the eigenstate populations (V^T rho_s V)_aa in ascending energy, the quantity the master
/// equation (Sec. IV) approximates.
/// - `lie`, `strang`: the exact noise average of that discrete scheme at `dt`
///   (`SchemeAverage`), so a trajectory average can be compared with it with no time-step error
///   in between. Output times must be multiples of dt.
public struct ClosureSolver: EnsembleSolver {
    public static let observables: [Observable] = [
        .trace, .energy, .absorbedEnergy, .density, .rhoS, .rmsDisplacement, .rmsWidth,
        .populations,
    ]

    public struct Options: Sendable {
        public var scheme: Scheme
        public var dt: Double
        public var tolerance: Double
        /// nil = all that apply (rho_s only for L <= 16, rms only for excitation).
        public var observables: Set<Observable>?

        public init(
            scheme: Scheme = .exact, dt: Double = 0.1, tolerance: Double = 1e-10,
            observables: Set<Observable>? = nil
        ) {
            precondition(Scheme.closure.contains(scheme), "a closure scheme: exact, lie or strang")
            self.scheme = scheme
            self.dt = dt
            self.tolerance = tolerance
            self.observables = observables
        }
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The observables this run produces, in order.
    public func produced(length: Int, initial: InitialState) -> [Observable] {
        Self.observables.filter { observable in
            let transport = observable.isTransport || observable == .populations
            if case .excitation = initial {} else if transport { return false }
            if let set = options.observables { return set.contains(observable) }
            if observable == .absorbedEnergy { return false }
            return observable != .rhoS || length <= 16
        }
    }

    /// The observables of `produced`, with their shapes; the transport entries are
    /// `rootOfMean` (their second moments are averaged over disorder, eq. 18).
    public func layout(length l: Int, initial: InitialState, times: Int) -> ObservableLayout {
        ObservableLayout(
            times: times,
            entries: produced(length: l, initial: initial).map { observable in
                switch observable {
                case .density, .populations: return (observable, .vector(l))
                case .rhoS: return (observable, .complexMatrix(l))
                case _ where observable.isTransport: return (observable, .rootOfMean)
                default: return (observable, .scalar)
                }
            })
    }

    /// `cost(length:noisySites:...)` of the chain.
    public func cost(
        chain: ChainSpec, initial: InitialState, layout: ObservableLayout, lastTime: Double
    ) -> RunCost {
        cost(
            length: chain.length, noisySites: chain.noiseSites.count,
            spectralWidth: chain.spectralWidth,
            gamma: chain.totalGamma, layout: layout, lastTime: lastTime)
    }

    /// One sample: the observables of `run` (the noise average is exact).
    public func statistics(
        chain: Chain, initial: InitialState, times: [Double], realization: Int
    ) throws -> RunningStatistics {
        let observables = try run(
            chain: chain, initial: initial, times: times, realization: realization)
        return Self.sample(
            observables, layout: layout(length: chain.length, initial: initial, times: times.count))
    }

    /// rho_s(0) in the site basis.
    public static func initialDensityMatrix(
        chain: Chain, spectrum: Spectrum, initial: InitialState
    ) -> ComplexMatrix {
        let l = chain.length
        switch initial {
        case .ground(let n): return ComplexMatrix(spectrum.groundStateDensityMatrix(particles: n))
        case .product(let occ):
            var m = ComplexMatrix(rows: l, columns: l)
            for i in 0..<l { m.re[i * l + i] = Double(occ[i]) }
            return m
        case .excitation(let j):
            var m = ComplexMatrix(rows: l, columns: l)
            m.re[j * l + j] = 1
            return m
        }
    }

    public func run(
        chain: Chain, initial: InitialState, times: [Double], realization: Int? = nil
    ) throws -> Observables {
        let spectrum = chain.spectrum()
        let l = chain.length
        let selected = produced(length: l, initial: initial)
        let site0 = Self.initialDensityMatrix(chain: chain, spectrum: spectrum, initial: initial)
        let expectedTrace = site0.trace.real
        let initialEnergy = chain.energy(of: site0)
        var series = SeriesBuilder()
        func record(_ site: ComplexMatrix, time t: Double) throws {
            let tr = site.trace.real
            if !tr.isFinite || abs(tr - expectedTrace) > 1e-8 * max(1, expectedTrace) {
                throw InvariantViolation(
                    invariant: "Tr rho_s = N", time: t, realization: realization,
                    detail: "trace \(tr), expected \(expectedTrace)")
            }
            if let bad = site.re.first(where: { !$0.isFinite })
                ?? site.im.first(where: { !$0.isFinite })
            {
                throw InvariantViolation(
                    invariant: "finite rho_s", time: t, realization: realization, detail: "\(bad)")
            }
            let density = (0..<l).map { site.re[$0 * l + $0] }
            for observable in selected {
                switch observable {
                case .trace: series.append(observable, scalar: tr)
                case .energy: series.append(observable, scalar: chain.energy(of: site))
                case .absorbedEnergy:
                    series.append(observable, scalar: chain.energy(of: site) - initialEnergy)
                case .density: series.append(observable, vector: density)
                case .rhoS: series.append(observable, complexMatrix: site)
                case .populations:
                    let eigen = site.congruence(spectrum.vectors, transposeFirst: true)
                    series.append(observable, vector: (0..<l).map { eigen.re[$0 * l + $0] })
                case .rmsDisplacement, .rmsWidth:
                    if case .excitation(let j) = initial {
                        series.append(
                            observable,
                            scalar: Transport.value(observable, profile: density, site: j))
                    }
                case .nn, .purity, .entropyVN, .entanglement, .entanglementProfile,
                    .rmsWidthOverXi, .xiTimesT,
                    .secondMoment:
                    break
                }
            }
        }
        switch options.scheme {
        case .exact:
            var x = site0
            var propagator = TaylorPropagator(
                generator: ClosureGenerator(chain: chain, spectrum: spectrum),
                tolerance: options.tolerance, horizon: times.last ?? 0)
            try propagator.propagate(&x, through: times, linear: nil, needsState: true) {
                index, _, state in
                try record(state!, time: times[index])
            }
        case .lie, .strang, .paper:
            let average = SchemeAverage(
                spectrum: spectrum, scheme: options.scheme.splitting!, dt: options.dt,
                gammas: chain.gammas)
            var x = site0.congruence(spectrum.vectors, transposeFirst: true)  // V^T rho_s V
            var done = 0
            for (t, steps) in zip(times, try TimeGrid.steps(to: times, dt: options.dt)) {
                average.advance(&x, steps: steps - done)
                done = steps
                try record(x.congruence(spectrum.vectors), time: t)
            }
        }
        return series.observables
    }
}

import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra
import Propagation

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
public struct ClosureSolver: Sendable {
    public static let observableNames = [
        "trace", "energy", "absorbed_energy", "density", "rho_s", "rms_displacement", "rms_width", "populations",
    ]

    public struct Options: Sendable {
        public var scheme: Scheme
        public var dt: Double
        public var tolerance: Double
        /// nil = all that apply (rho_s only for L <= 16, rms only for excitation).
        public var observables: Set<String>?

        public init(scheme: Scheme = .exact, dt: Double = 0.1, tolerance: Double = 1e-10, observables: Set<String>? = nil) {
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
    public func produced(length: Int, initial: InitialState) -> [String] {
        Self.observableNames.filter { name in
            let transport = Transport.names.contains(name) || name == "populations"
            if case .excitation = initial {} else if transport { return false }
            if let set = options.observables { return set.contains(name) }
            if name == "absorbed_energy" { return false }
            return name != "rho_s" || length <= 16
        }
    }

    /// The observables of `produced`, with their shapes; the transport entries are
    /// `rootOfMean` (their second moments are averaged over disorder, eq. 18).
    public func layout(length l: Int, initial: InitialState, times: Int) -> ObservableLayout {
        ObservableLayout(times: times, entries: produced(length: l, initial: initial).map { name in
            switch name {
            case "density", "populations": return (name, .vector(l))
            case "rho_s": return (name, .complexMatrix(l))
            case _ where Transport.names.contains(name): return (name, .rootOfMean)
            default: return (name, .scalar)
            }
        })
    }

    /// rho_s(0) in the site basis.
    public static func initialDensityMatrix(chain: Chain, spectrum: Spectrum, initial: InitialState) -> ComplexMatrix {
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

    public func run(chain: Chain, initial: InitialState, times: [Double], realization: Int? = nil) throws -> Observables {
        let spectrum = chain.spectrum()
        let l = chain.length
        let names = produced(length: l, initial: initial)
        let site0 = Self.initialDensityMatrix(chain: chain, spectrum: spectrum, initial: initial)
        let expectedTrace = site0.trace.real
        let initialEnergy = chain.energy(of: site0)
        var series = SeriesBuilder()
        func record(_ site: ComplexMatrix, time t: Double) throws {
            let tr = site.trace.real
            if !tr.isFinite || abs(tr - expectedTrace) > 1e-8 * max(1, expectedTrace) {
                throw InvariantViolation(invariant: "Tr rho_s = N", time: t, realization: realization, detail: "trace \(tr), expected \(expectedTrace)")
            }
            if let bad = site.re.first(where: { !$0.isFinite }) ?? site.im.first(where: { !$0.isFinite }) {
                throw InvariantViolation(invariant: "finite rho_s", time: t, realization: realization, detail: "\(bad)")
            }
            let density = (0..<l).map { site.re[$0 * l + $0] }
            for name in names {
                switch name {
                case "trace": series.append(name, scalar: tr)
                case "energy": series.append(name, scalar: chain.energy(of: site))
                case "absorbed_energy": series.append(name, scalar: chain.energy(of: site) - initialEnergy)
                case "density": series.append(name, vector: density)
                case "rho_s": series.append(name, complexMatrix: site)
                case "populations":
                    let eigen = site.congruence(spectrum.vectors, transposeFirst: true)
                    series.append(name, vector: (0..<l).map { eigen.re[$0 * l + $0] })
                case "rms_displacement", "rms_width":
                    if case .excitation(let j) = initial { series.append(name, scalar: Transport.value(name, profile: density, site: j)) }
                default: break
                }
            }
        }
        switch options.scheme {
        case .exact:
            var x = site0
            var propagator = TaylorPropagator(
                generator: ClosureGenerator(chain: chain, spectrum: spectrum), tolerance: options.tolerance, horizon: times.last ?? 0)
            try propagator.propagate(&x, through: times, linear: nil, needsState: true) { index, _, state in
                try record(state!, time: times[index])
            }
        case .lie, .strang, .paper:
            let average = SchemeAverage(spectrum: spectrum, scheme: options.scheme.splitting!, dt: options.dt, gammas: chain.gammas)
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

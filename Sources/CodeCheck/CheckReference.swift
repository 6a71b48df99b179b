import ChainModel
import RunSpecification

/// What a submitted result is checked against (`check --against`).
///
/// - `exact`: the continuous-time noise average: the exact closure for rho_s, or the
///   many-body Lindblad equation when an observable needs the many-body state (purity,
///   entropy_vn; small L only);
/// - `scheme`: the exact noise average of one discrete scheme at step dt, so that a
///   trajectory code is checked with no time-step bias in between: the closure's lie/strang
///   averages, and for the paper's scheme the Gauss-Hermite average of its step
///   (`PaperSchemeAverage`, one noisy site).
public enum CheckReference: Sendable, Equatable {
    case exact
    case scheme(Scheme, dt: Double)

    /// How the reference is computed.
    public enum Method: String, Sendable {
        /// `closure --scheme exact`.
        case closure
        /// `lindblad`: the many-body state.
        case lindblad
        /// `closure --scheme lie|strang`.
        case closureScheme = "closure_scheme"
        /// The quadrature average of the paper's step.
        case paperAverage = "paper_average"
    }

    /// Relative accuracy the exact references are propagated to (the solvers' Taylor bound,
    /// Frobenius norm): far below any allowance `check` applies.
    public static let tolerance = 1e-12

    /// Observables only the many-body state gives.
    public static let manyBody: Set<Observable> = [.purity, .entropyVN, .nn]

    /// The method for `observables`; refuses what no exact reference exists for (the
    /// entanglement of trajectories is an average of a nonlinear function of each trajectory's
    /// state) and many-body observables of a discrete scheme, naming the observable.
    public func method(for observables: [Observable]) throws -> Method {
        if let e = observables.first(where: { $0 == .entanglement || $0 == .entanglementProfile }) {
            throw InputError(
                option: "column", value: e.rawValue,
                allowed: "has no exact reference (a trajectory average of a nonlinear function "
                    + "of each state); check energy, density, purity, ... instead")
        }
        let needsState = observables.first(where: Self.manyBody.contains)
        switch self {
        case .exact: return needsState == nil ? .closure : .lindblad
        case .scheme(let scheme, _):
            if let o = needsState {
                throw InputError(
                    option: "column", value: o.rawValue,
                    allowed: "needs the many-body state: only with --against exact")
            }
            switch scheme {
            case .lie, .strang: return .closureScheme
            case .paper: return .paperAverage
            case .exact:
                throw InputError(option: "scheme", value: "exact", allowed: "lie, strang, paper")
            }
        }
    }

    /// The solver whose run the reference is (paper: the closure's, on the same grid).
    func solver(_ method: Method) -> SolverSpec {
        switch (method, self) {
        case (.lindblad, _): return .lindblad(tolerance: Self.tolerance)
        case (.closureScheme, .scheme(let s, let dt)):
            return .closure(scheme: s, dt: dt, tolerance: Self.tolerance)
        default: return .closure(scheme: .exact, dt: 0.1, tolerance: Self.tolerance)
        }
    }

    /// The file form: `exact`, `lie`, `strang` or `paper`, and dt for a scheme.
    public var name: String {
        if case .scheme(let s, _) = self { return s.rawValue }
        return "exact"
    }

    public var dt: Double? {
        if case .scheme(_, let dt) = self { return dt }
        return nil
    }
}

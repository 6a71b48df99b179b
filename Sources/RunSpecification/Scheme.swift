/// How one time step of a splitting scheme orders the free evolution D(tau) = exp(-i h tau)
/// and the noise kick K(theta) = exp(-i sum_s theta_s P_s): the one splitting type of the
/// trajectory kernel and of the closure's exact scheme average.
public enum Splitting: String, Sendable, CaseIterable {
    /// K(theta) D(dt) per step: weak order 1.
    case lie
    /// D(dt/2) K(theta) D(dt/2) per step: weak order 2.
    case strang
}

/// The time integration of a run (`--scheme`).
///
/// - `exact`: continuous time, the closed equation (closure, lindblad) to a stated tolerance;
/// - `lie`, `strang`: the splitting of one step (`Splitting`); for `closure` the exact noise
///   average of that discrete scheme, for `trajectories` its stochastic unraveling;
/// - `paper`: U = exp(-i h dt - i sum_s theta_s P_s) (paper eq. 8), weak order 1,
///   trajectories only.
///
/// Each solver accepts a subset (`Scheme.closure`, `Scheme.trajectories`).
public enum Scheme: String, Sendable, CaseIterable {
    case exact, lie, strang, paper

    /// The splitting of a `lie` or `strang` step; nil for `exact` and `paper`.
    public var splitting: Splitting? { Splitting(rawValue: rawValue) }

    /// The weak order of the scheme's time-step bias as dt -> 0 (nil for `exact`): 2 for
    /// `strang` (symmetric), 1 for `lie` and `paper` (the paper's scheme leaves a local error
    /// -(dt^2/12) [B, [B, A]] in the averaged step, A = -i[h, .] and B the kick's generator).
    public var weakOrder: Double? {
        switch self {
        case .exact: return nil
        case .strang: return 2
        case .lie, .paper: return 1
        }
    }

    /// The schemes of the `closure` solver.
    public static let closure: [Scheme] = [.exact, .lie, .strang]
    /// The schemes of the `trajectories` solver (default first).
    public static let trajectories: [Scheme] = [.strang, .lie, .paper]
}

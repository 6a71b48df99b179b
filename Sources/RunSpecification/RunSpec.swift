import ChainModel

/// One run of a solver, typed: every input that determines its numbers (not threads, shard,
/// output or progress). Every command builds one from its options, run.json stores it (as the
/// identity's `parameters`, `times` and `layout`), a figure lists one per curve, and
/// `validate --for`, the preflight and `compare` read it back. Sites are 0-based here; files and
/// the command line use 1-based sites.
public struct RunSpec: Sendable, Equatable {
    public var chain: ChainSpec
    /// The initial state. A master-equation run starts from a density excitation
    /// (`.excitation(site:)`: its start site; the ansatz starts in the state at L/2).
    public var initial: InitialSpec
    /// Output times (for a splitting scheme: multiples of dt).
    public var times: [Double]
    public var solver: SolverSpec
    /// The observables asked for, by file key (nil: the solver's default set).
    public var observables: [Observable]?

    public init(
        chain: ChainSpec, initial: InitialSpec, times: [Double], solver: SolverSpec,
        observables: [Observable]? = nil
    ) {
        self.chain = chain
        self.initial = initial
        self.times = times
        self.solver = solver
        self.observables = observables
    }

    /// Disorder realization r (0-based) of the run.
    public func chain(realization r: Int) -> Chain { chain.chain(realization: r) }

    /// The initial state of disorder realization r (0-based): a random product state is drawn
    /// from the stream (seed, initial state, r).
    public func initialState(realization r: Int) -> InitialState {
        initial.state(length: chain.length, seed: chain.seed, realization: r)
    }
}

/// The chain, its disorder and its noise.
public struct ChainSpec: Sendable, Equatable {
    /// Number of sites L.
    public var length: Int
    /// Hopping J (the unit of energy when 1).
    public var hopping: Double
    /// Disorder W: potentials uniform in [-W, W], drawn per realization from the seed.
    public var disorder: Double
    /// Explicit potentials w_1, ..., w_L (`--potential`): one chain, no draw.
    public var potentials: [Double]?
    /// The noisy sites, 0-based and distinct, in the order given (the order in which a
    /// trajectory draws its angles each step).
    public var noiseSites: [Int]
    /// gamma_s of each noisy site, in the order of `noiseSites`.
    public var gammas: [Double]
    /// Master seed of every random stream (disorder, initial state, noise).
    public var seed: UInt64
    /// Disorder realizations the run averages over.
    public var realizations: Int

    public init(
        length: Int, hopping: Double = 1, disorder: Double = 1, potentials: [Double]? = nil,
        noiseSites: [Int]? = nil,
        gammas: [Double] = [1], seed: UInt64 = 1, realizations: Int = 1
    ) {
        let sites = noiseSites ?? [length / 2 - 1]
        self.length = length
        self.hopping = hopping
        self.disorder = disorder
        self.potentials = potentials
        self.noiseSites = sites
        self.gammas =
            gammas.count == 1 && sites.count > 1
            ? Array(repeating: gammas[0], count: sites.count) : gammas
        self.seed = seed
        self.realizations = realizations
    }

    /// One chain (explicit potentials, or a single realization): errors are over noise
    /// realizations alone.
    public var singleChain: Bool { potentials != nil || realizations == 1 }

    /// Disorder realization r (0-based): the explicit chain, or potentials uniform in [-W, W]
    /// from the stream (seed, disorder, r).
    public func chain(realization r: Int) -> Chain {
        if let w = potentials {
            return Chain(hopping: hopping, potentials: w, noiseSites: noiseSites, gammas: gammas)
        }
        return Chain.disordered(
            length: length, hopping: hopping, disorder: disorder, noiseSites: noiseSites,
            gammas: gammas, seed: seed,
            realization: r)
    }

    /// Upper bound of the single-particle spectral width: the eigenvalues of h lie in
    /// [min w - 2J, max w + 2J] (Gershgorin), so width <= (max w - min w) + 4J.
    public var spectralWidth: Double {
        let range = potentials.map { ($0.max() ?? 0) - ($0.min() ?? 0) } ?? 2 * disorder
        return range + 4 * hopping
    }

    /// The sum of the noise strengths: an upper bound of every dephasing rate.
    public var totalGamma: Double { gammas.reduce(0, +) }
}

/// The initial state of a run (`--initial`), before a realization draws what is random.
public enum InitialSpec: Sendable, Equatable {
    /// The N-particle ground state of the chain.
    case ground(particles: Int)
    /// A Fock product state of N particles: the given 0/1 occupations, or (nil) drawn per
    /// realization from the seed.
    case product(particles: Int, occupations: [Int]?)
    /// A density excitation on one site (0-based).
    case excitation(site: Int)

    public enum Kind: String, Sendable, CaseIterable {
        case ground, product, excitation
    }

    public var kind: Kind {
        switch self {
        case .ground: return .ground
        case .product: return .product
        case .excitation: return .excitation
        }
    }

    public var isExcitation: Bool { kind == .excitation }

    /// The state of disorder realization r on L sites.
    public func state(length l: Int, seed: UInt64, realization r: Int) -> InitialState {
        switch self {
        case .ground(let n): return .ground(particles: n)
        case .product(let n, let occupations):
            return .product(
                occupations: occupations
                    ?? InitialState.randomOccupations(
                        length: l, particles: n, seed: seed, realization: r))
        case .excitation(let j): return .excitation(site: j)
        }
    }
}

/// The solver of a run and the options that only it has.
public enum SolverSpec: Sendable, Equatable {
    /// The many-body Lindblad equation in one particle-number sector, Taylor propagation to
    /// `tolerance` (Frobenius norm).
    case lindblad(tolerance: Double)
    /// The exact closure for rho_s: `scheme` exact (to `tolerance`) or the exact noise average
    /// of a lie/strang step of `dt`.
    case closure(scheme: Scheme, dt: Double, tolerance: Double)
    /// Unitary-unraveling trajectories: `scheme` strang, lie or paper at step `dt`,
    /// `noiseRealizations` trajectories per disorder realization.
    case trajectories(scheme: Scheme, dt: Double, noiseRealizations: Int)
    /// The classical master equation between Anderson eigenstates.
    case master(MasterSpec)

    public enum Name: String, Sendable, CaseIterable {
        case lindblad, closure, trajectories, master
    }

    public var name: Name {
        switch self {
        case .lindblad: return .lindblad
        case .closure: return .closure
        case .trajectories: return .trajectories
        case .master: return .master
        }
    }

    /// The time step of a splitting scheme (nil for continuous time).
    public var dt: Double? {
        switch self {
        case .closure(let scheme, let dt, _): return scheme == .exact ? nil : dt
        case .trajectories(_, let dt, _): return dt
        case .lindblad, .master: return nil
        }
    }

    /// Noise realizations per disorder realization (trajectories only).
    public var noiseRealizations: Int? {
        if case .trajectories(_, _, let m) = self { return m }
        return nil
    }
}

/// The options of a master-equation run (paper Sec. IV, eqs. 19-21).
public struct MasterSpec: Sendable, Equatable {
    public enum Rates: String, Sendable, CaseIterable {
        /// Eq. 20 from the eigenvectors of each realization, one rank-one term per noisy site.
        case microscopic
        /// Eq. 21: u_a = exp(-|a - L/2| / xi), one noisy site, no disorder.
        case ansatz
    }

    /// The prefactor c of the rates: `gamma` (the measured c = gamma, default) or the paper's
    /// `gamma2` (c = gamma^2).
    public enum Prefactor: String, Sendable, CaseIterable {
        case gamma, gamma2

        /// The default: the measured c = gamma.
        public static let standard = Prefactor.gamma

        /// c for a noisy site of strength gamma. The paper writes gamma^2; with <zeta zeta> =
        /// gamma delta the golden-rule (secular) limit of the exact closure gives c = gamma,
        /// which the project measures (tests, `validate`) and uses by default.
        public func value(_ gamma: Double) -> Double { self == .gamma ? gamma : gamma * gamma }
    }

    public var rates: Rates
    public var prefactor: Prefactor
    /// The ansatz's localization length (ansatz only).
    public var xi: Double?
    /// Adds R/xi and xi t (ansatz only; paper Fig. 4b).
    public var collapse: Bool

    public init(
        rates: Rates = .microscopic, prefactor: Prefactor = .standard, xi: Double? = nil,
        collapse: Bool = false
    ) {
        self.rates = rates
        self.prefactor = prefactor
        self.xi = xi
        self.collapse = collapse
    }
}

extension RunSpec {
    /// The quantum of the logarithmic grid: it starts at this time and, for every solver but
    /// the master equation, its times are rounded to multiples of it.
    public static let gridQuantum = 0.1

    /// The output times of a run of `solver`: `explicit` times, or t = 0 plus a logarithmic
    /// grid (`pointsPerDecade` a decade) from q = min(`gridQuantum`, `tMax`) to `tMax`. For
    /// lindblad, closure and trajectories every time of the grid is rounded to a multiple of q
    /// (repeats dropped), then for a splitting scheme (explicit times too) to a multiple of its
    /// dt. So the same `tMax` and `pointsPerDecade` give these three solvers the same times
    /// whenever dt divides q (for `tMax` >= 0.1: dt = 0.1, 0.05, 0.02, 0.01, ...); master keeps
    /// the unrounded logarithmic grid (its dense early times resolve the ansatz's fast start).
    public static func outputTimes(
        explicit: [Double]?, tMax: Double, pointsPerDecade: Int, solver: SolverSpec
    ) -> [Double] {
        let times: [Double]
        if let explicit {
            times = explicit
        } else {
            let q = min(gridQuantum, tMax)
            let grid = TimeGrid.logarithmic(start: q, end: tMax, pointsPerDecade: pointsPerDecade)
            if case .master = solver { return grid }
            times = TimeGrid.snapped(grid, to: q)
        }
        return solver.dt.map { TimeGrid.snapped(times, to: $0) } ?? times
    }
}

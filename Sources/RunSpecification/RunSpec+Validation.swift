import ChainModel

/// The limits of every input of a run (the Limits article), checked by the
/// library so that a run read from a file is held to them as one built from the command line.
/// Each refusal is an `InputError` naming the quantity as the run's fields do.
extension RunSpec {
    /// Refuses a run whose inputs are out of range: the chain, the initial state, the times,
    /// then the solver's own options.
    public func validate() throws {
        try chain.validate(maxLength: solver.maxLength)
        try initial.validate(length: chain.length, allowed: solver.initialKinds)
        try solver.validate(chain: chain, initial: initial)
        try Self.validate(times: times, step: solver.dt)
    }

    /// Refuses a logarithmic grid out of range (`outputTimes`), and the solver's time step
    /// the grid starts at.
    public static func validateGrid(tMax: Double, pointsPerDecade: Int, solver: SolverSpec) throws {
        guard tMax > 0 && tMax <= maxTime else {
            throw InputError(
                option: "t_max", value: "\(tMax)", allowed: "allowed \(RunLimits.tMax)")
        }
        guard RunLimits.pointsPerDecade.contains(pointsPerDecade) else {
            throw InputError(
                option: "points_per_decade", value: "\(pointsPerDecade)",
                allowed: "allowed \(RunLimits.text(RunLimits.pointsPerDecade))")
        }
        switch solver {
        case .closure(_, let dt, _), .trajectories(_, let dt, _): try SolverSpec.validate(dt: dt)
        case .lindblad, .master: break
        }
    }

    /// Latest output time (the step counts it implies are bounded separately, `RunCost`).
    public static let maxTime = 1e12

    /// Refuses times that are empty, not finite in [0, 1e12] or not strictly increasing. Times
    /// snapped to multiples of a splitting scheme's `step` may pass 1e12 by up to step/2 plus
    /// the rounding of the multiple (relative 1e-12).
    public static func validate(times t: [Double], step: Double? = nil) throws {
        let latest = step.map { maxTime * (1 + 1e-12) + $0 / 2 } ?? maxTime
        guard !t.isEmpty else {
            throw InputError(option: "times", value: "", allowed: "give at least one time")
        }
        if let bad = t.first(where: { !(0...latest).contains($0) }) {
            throw InputError(
                option: "times", value: "\(bad)", allowed: "allowed \(RunLimits.times)")
        }
        for (a, b) in zip(t, t.dropFirst()) where b <= a {
            throw InputError(
                option: "times", value: "\(b) after \(a)",
                allowed: "times must be strictly increasing")
        }
    }
}

extension ChainSpec {
    /// Largest hopping, disorder, gamma and |potential|: beyond it squares and sums of
    /// energies overflow in the solvers (variances, the eigensolver's scaling, gamma^2 rates);
    /// the work a large value implies is bounded separately (`RunCost`).
    public static let maxScale = 1e100
    public static let scaleReason = " (larger values overflow the solvers' arithmetic)"

    /// A number as written: an integer without ".0".
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// Refuses a chain out of range; `maxLength` bounds L for the solver.
    public func validate(maxLength: Int) throws {
        let l = length, e = Self.maxScale, why = Self.scaleReason
        guard l >= 2 && l <= maxLength else {
            throw InputError(option: "length", value: "\(l)", allowed: "allowed 2...\(maxLength)")
        }
        guard hopping > 0 && hopping <= e else {
            throw InputError(
                option: "hopping", value: "\(hopping)",
                allowed: "allowed \(RunLimits.hopping)\(why)")
        }
        guard disorder >= 0 && disorder <= e else {
            throw InputError(
                option: "disorder", value: "\(disorder)",
                allowed: "allowed \(RunLimits.disorder)\(why)")
        }
        let sites = noiseSites.map { String($0 + 1) }.joined(separator: ",")
        if let k = noiseSites.first(where: { !(0..<l).contains($0) }) {
            throw InputError(
                option: "noise_sites", value: "\(k + 1)", allowed: "allowed 1...\(l) (1-based site)"
            )
        }
        var seen = Set<Int>()
        if let k = noiseSites.first(where: { !seen.insert($0).inserted }) {
            throw InputError(
                option: "noise_sites", value: sites,
                allowed: "site \(k + 1) is repeated; allowed distinct sites in 1...\(l)")
        }
        if let g = gammas.first(where: { !($0 >= 0) }) {
            throw InputError(option: "gammas", value: "\(g)", allowed: "must be >= 0 and finite")
        }
        guard gammas.count == noiseSites.count else {
            let n = noiseSites.count
            throw InputError(
                option: "gammas", value: gammas.map(Self.format).joined(separator: ","),
                allowed: "\(gammas.count) values for \(n) noisy site\(n == 1 ? "" : "s"); "
                    + "allowed one value or one per noisy site (\(n))")
        }
        if let g = gammas.first(where: { $0 > e }) {
            throw InputError(
                option: "gammas", value: "\(g)", allowed: "allowed \(RunLimits.gamma)\(why)")
        }
        guard RunLimits.realizations.contains(realizations) else {
            throw InputError(
                option: "realizations", value: "\(realizations)",
                allowed: "allowed \(RunLimits.text(RunLimits.realizations))")
        }
        if let w = potentials {
            guard w.count == l else {
                throw InputError(
                    option: "potentials", value: "has \(w.count) values",
                    allowed: "give exactly L = \(l)")
            }
            if let bad = w.first(where: { !(abs($0) <= e) }) {
                throw InputError(
                    option: "potentials", value: "\(bad)",
                    allowed: "allowed \(RunLimits.potential)\(why)")
            }
            guard realizations == 1 else {
                throw InputError(
                    option: "realizations", value: "\(realizations)",
                    allowed: "explicit potentials are one realization; allowed 1")
            }
        }
    }
}

extension InitialSpec {
    /// Refuses an initial state of a kind the solver does not take, or out of range on L sites.
    public func validate(length l: Int, allowed: [Kind]) throws {
        guard allowed.contains(kind) else {
            throw InputError(
                option: "initial", value: kind.rawValue,
                allowed: "allowed \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        switch self {
        case .ground(let n), .product(let n, nil):
            try Self.validate(particles: n, length: l)
        case .product(let n, let occ?):
            try Self.validate(particles: n, length: l)
            guard occ.count == l else {
                throw InputError(
                    option: "occupations", value: "has \(occ.count) values",
                    allowed: "give exactly L = \(l)")
            }
            guard occ.allSatisfy({ $0 == 0 || $0 == 1 }) else {
                throw InputError(option: "occupations", value: "", allowed: "values must be 0 or 1")
            }
            let sum = occ.reduce(0, +)
            guard sum == n else {
                throw InputError(
                    option: "occupations", value: "has \(sum) particles",
                    allowed: "particles is \(n); allowed occupations summing to it")
            }
        case .excitation(let j):
            guard (0..<l).contains(j) else {
                throw InputError(
                    option: "site", value: "\(j + 1)", allowed: "allowed 1...\(l) (1-based site)")
            }
        }
    }

    private static func validate(particles n: Int, length l: Int) throws {
        guard (0...l).contains(n) else {
            throw InputError(option: "particles", value: "\(n)", allowed: "allowed 0...\(l)")
        }
    }
}

extension SolverSpec {
    /// The longest chain the solver takes.
    public var maxLength: Int { Self.maxLength(name) }

    /// The longest chain of the solver `name`.
    public static func maxLength(_ name: Name) -> Int {
        switch name {
        case .lindblad: return 62
        case .closure: return 4000
        case .trajectories: return 100_000
        case .master: return 5000
        }
    }

    /// The initial states the solver starts from.
    public var initialKinds: [InitialSpec.Kind] {
        switch self {
        case .lindblad: return [.ground, .product]
        case .closure, .trajectories: return [.ground, .product, .excitation]
        case .master: return [.excitation]
        }
    }

    /// Refuses the solver's own options out of range for this chain and start.
    public func validate(chain: ChainSpec, initial: InitialSpec) throws {
        switch self {
        case .lindblad(let tolerance):
            try Self.validate(tolerance: tolerance)
        case .closure(let scheme, let dt, let tolerance):
            try Self.validate(dt: dt)
            try Self.validate(tolerance: tolerance)
            try Self.validate(scheme: scheme, allowed: Scheme.closure)
        case .trajectories(let scheme, let dt, let m):
            guard RunLimits.noiseRealizations.contains(m) else {
                throw InputError(
                    option: "noise_realizations", value: "\(m)",
                    allowed: "allowed \(RunLimits.text(RunLimits.noiseRealizations))")
            }
            try Self.validate(scheme: scheme, allowed: Scheme.trajectories)
            try Self.validate(dt: dt)
        case .master(let master):
            try master.validate(chain: chain, initial: initial)
        }
    }

    static func validate(dt: Double) throws {
        guard dt.isFinite && dt > 0 && dt <= 10 else {
            throw InputError(option: "dt", value: "\(dt)", allowed: "allowed \(RunLimits.dt)")
        }
    }

    private static func validate(tolerance: Double) throws {
        guard tolerance >= 1e-14 && tolerance <= 1e-3 else {
            throw InputError(
                option: "tolerance", value: "\(tolerance)",
                allowed: "allowed \(RunLimits.tolerance) (double-precision round-off alone exceeds "
                    + "smaller ones)")
        }
    }

    private static func validate(scheme: Scheme, allowed: [Scheme]) throws {
        guard allowed.contains(scheme) else {
            throw InputError(
                option: "scheme", value: scheme.rawValue,
                allowed: "allowed \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
    }
}

extension MasterSpec {
    /// Ansatz rates: xi in [1e-100, 1e100], one noisy site, the start on it (no other site),
    /// one realization; microscopic rates take no xi and no collapse.
    public func validate(chain: ChainSpec, initial: InitialSpec) throws {
        switch rates {
        case .ansatz:
            let n = chain.noiseSites.count
            if n > 1 {
                throw InputError(
                    option: "rates", value: "ansatz",
                    allowed: "\(n) noisy sites given; allowed one (the ansatz has one centre, L/2)")
            }
            if case .excitation(let j) = initial, j != chain.noiseSites.first {
                throw InputError(
                    option: "site", value: "\(j + 1)",
                    allowed: "only with rates microscopic (the ansatz starts at L/2)")
            }
            guard let x = xi else {
                throw InputError(
                    option: "xi", value: "", allowed: "required with rates ansatz (a number > 0)")
            }
            guard x >= 1e-100 && x <= 1e100 else {
                throw InputError(
                    option: "xi", value: "\(x)",
                    allowed: "allowed \(RunLimits.xi) (R/xi and xi t must not overflow)")
            }
            guard chain.realizations == 1 else {
                throw InputError(
                    option: "realizations", value: "\(chain.realizations)",
                    allowed: "ansatz rates have no disorder; allowed 1")
            }
        case .microscopic:
            if let x = xi {
                throw InputError(option: "xi", value: "\(x)", allowed: "only with rates ansatz")
            }
            if collapse {
                throw InputError(option: "collapse", value: "", allowed: "only with rates ansatz")
            }
        }
    }
}

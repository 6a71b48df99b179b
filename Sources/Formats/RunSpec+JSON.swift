import ChainModel
import RunSpecification

/// The file form of a `RunSpec`: the `parameters` object of run.json and result.json (key
/// order and numbers as every version of the files has written them), and the reading back of
/// such an object, checked field by field.
extension RunSpec {
    /// The Lindblad solver's method, recorded in its parameters.
    public static let lindbladMethod =
        "Taylor series with rigorous truncation bound, shared TaylorPropagator"

    /// The `parameters` object: the chain (`noise_sites` 1-based and `gammas` always; with one
    /// noisy site also the scalar `noise_site` and `gamma` of earlier files), the initial state,
    /// the solver's options, and for one chain what it drew from the seed: the potentials
    /// (`potentials_used`, a drawn chain) and the occupations of a random product state
    /// (`drawn_occupations`). Those two are output, not input: reading the object back
    /// ignores them, so the draw stays a draw.
    public var parameters: [(String, JSONValue)] {
        var p = chainParameters
        switch solver {
        case .lindblad(let tolerance):
            p +=
                initialParameters + [
                    ("tolerance", .number(tolerance)), ("method", .string(Self.lindbladMethod)),
                ]
            p += potentialsUsed + drawnOccupations
        case .closure(let scheme, let dt, let tolerance):
            p +=
                initialParameters + [
                    ("scheme", .string(scheme.rawValue)), ("dt", .number(dt)),
                    ("tolerance", .number(tolerance)),
                ]
            p += potentialsUsed + drawnOccupations
        case .trajectories(let scheme, let dt, let m):
            p += initialParameters
            p += [
                ("scheme", .string(scheme.rawValue)), ("dt", .number(dt)),
                ("noise_realizations", .number(Double(m))),
            ]
            p += potentialsUsed + drawnOccupations
        case .master(let master):
            let c = chain.gammas.map(master.prefactor.value)
            p += [
                ("rates", .string(master.rates.rawValue)),
                ("prefactor", .string(master.prefactor.rawValue)),
                ("c", c.count == 1 ? .number(c[0]) : .numbers(c)),
            ]
            if master.rates == .microscopic, case .excitation(let j) = initial {
                p.append(("site", .number(Double(j + 1))))
            }
            if let xi = master.xi { p.append(("xi", .number(xi))) }
        }
        return p
    }

    private var chainParameters: [(String, JSONValue)] {
        var p: [(String, JSONValue)] = [
            ("length", .number(Double(chain.length))), ("hopping", .number(chain.hopping)),
            ("disorder", .number(chain.disorder)),
        ]
        if chain.noiseSites.count == 1 {
            p += [
                ("gamma", .number(chain.gammas[0])),
                ("noise_site", .number(Double(chain.noiseSites[0] + 1))),
            ]
        }
        p += [
            ("noise_sites", .numbers(chain.noiseSites.map { Double($0 + 1) })),
            ("gammas", .numbers(chain.gammas)),
        ]
        p += [
            ("seed", .string(String(chain.seed))),
            ("realizations", .number(Double(chain.realizations))),
        ]
        if let w = chain.potentials { p.append(("potential", .numbers(w))) }
        return p
    }

    private var initialParameters: [(String, JSONValue)] {
        var p: [(String, JSONValue)] = [("initial", .string(initial.kind.rawValue))]
        switch initial {
        case .ground(let n): p.append(("particles", .number(Double(n))))
        case .product(let n, let occupations):
            p.append(("particles", .number(Double(n))))
            if let occupations { p.append(("occupations", .numbers(occupations.map(Double.init)))) }
        case .excitation(let j): p.append(("site", .number(Double(j + 1))))
        }
        return p
    }

    /// A drawn ensemble of one realization records the potentials it drew.
    private var potentialsUsed: [(String, JSONValue)] {
        chain.realizations == 1 && chain.potentials == nil
            ? [("potentials_used", .numbers(chain.chain(realization: 0).potentials))] : []
    }

    /// One chain from a random product state records the occupations it drew (0/1 per site,
    /// from the stream (seed, initial state, realization 0)), so that `compare` can tell two
    /// runs of the chain from other starting states. Each realization of an ensemble draws its
    /// own, the same statistical ensemble for any seed: nothing is recorded.
    private var drawnOccupations: [(String, JSONValue)] {
        guard chain.realizations == 1, case .product(_, nil) = initial,
            case .product(let occupations) = initialState(realization: 0)
        else { return [] }
        return [("drawn_occupations", .numbers(occupations.map(Double.init)))]
    }

    /// Reads a run back from its solver name, `parameters` object, output times and the
    /// observables it wrote (nil: the solver's default set). Refuses, naming the field, what is
    /// missing or out of range; files written before several noisy sites were possible (scalar
    /// `noise_site` and `gamma`) are read as one noisy site. What a run drew
    /// (`potentials_used`, `drawn_occupations`) is not read: the seed draws it again.
    public init(
        solver name: String, parameters p: JSONValue, times: [Double], observables: [Observable]?
    ) throws {
        func fail(_ key: String, _ allowed: String) -> InputError {
            InputError(
                option: "parameters.\(key)",
                value: p[key].map { $0.serialized(pretty: false) } ?? "absent", allowed: allowed)
        }
        func number(_ key: String) throws -> Double {
            guard let x = p[key]?.doubleValue, x.isFinite else {
                throw fail(key, "a finite number")
            }
            return x
        }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
            guard let n = p[key]?.integer(in: range) else {
                throw fail(key, "an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return n
        }
        func numbers(_ key: String) throws -> [Double]? {
            guard let v = p[key] else { return nil }
            guard let xs = v.flattenedNumbers, xs.allSatisfy(\.isFinite) else {
                throw fail(key, "a list of finite numbers")
            }
            return xs
        }
        guard let solverName = SolverSpec.Name(rawValue: name) else {
            throw InputError(
                option: "solver", value: name,
                allowed: SolverSpec.Name.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let l = try integer("length", 2...1_000_000)
        let sites: [Int], gammas: [Double]
        if let s = try numbers("noise_sites") {
            sites = s.map { Int($0) - 1 }
            gammas = try numbers("gammas") ?? []
        } else {
            sites = [try integer("noise_site", 1...l) - 1]
            gammas = [try number("gamma")]
        }
        guard !sites.isEmpty, sites.allSatisfy({ (0..<l).contains($0) }),
            Set(sites).count == sites.count
        else {
            throw fail("noise_sites", "distinct sites in 1...\(l)")
        }
        guard gammas.count == sites.count, gammas.allSatisfy({ $0 >= 0 }) else {
            throw fail("gammas", "one gamma >= 0 per noisy site (\(sites.count))")
        }
        guard
            let seedText = p["seed"]?.stringValue
                ?? p["seed"]?.doubleValue.map({ String(Int64($0)) }), let seed = UInt64(seedText)
        else {
            throw fail("seed", "an unsigned 64-bit integer")
        }
        let potentials = try numbers("potential")
        if let w = potentials, w.count != l { throw fail("potential", "exactly L = \(l) numbers") }
        let chain = ChainSpec(
            length: l, hopping: try number("hopping"), disorder: try number("disorder"),
            potentials: potentials,
            noiseSites: sites, gammas: gammas, seed: seed,
            realizations: try integer("realizations", 1...10_000_000))

        func scheme(_ allowed: [Scheme]) throws -> Scheme {
            guard let s = p["scheme"]?.stringValue.flatMap(Scheme.init(rawValue:)),
                allowed.contains(s)
            else {
                throw fail("scheme", allowed.map(\.rawValue).joined(separator: ", "))
            }
            return s
        }
        let solver: SolverSpec
        switch solverName {
        case .lindblad: solver = .lindblad(tolerance: try number("tolerance"))
        case .closure:
            solver = .closure(
                scheme: try scheme(Scheme.closure), dt: try number("dt"),
                tolerance: try number("tolerance"))
        case .trajectories:
            solver = .trajectories(
                scheme: try scheme(Scheme.trajectories), dt: try number("dt"),
                noiseRealizations: try integer("noise_realizations", 1...1_000_000))
        case .master:
            guard let rates = p["rates"]?.stringValue.flatMap(MasterSpec.Rates.init(rawValue:))
            else {
                throw fail(
                    "rates", MasterSpec.Rates.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard
                let prefactor = p["prefactor"]?.stringValue.flatMap(
                    MasterSpec.Prefactor.init(rawValue:))
            else {
                throw fail(
                    "prefactor",
                    MasterSpec.Prefactor.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let xi = p["xi"] == nil ? nil : try number("xi")
            solver = .master(
                MasterSpec(
                    rates: rates, prefactor: prefactor, xi: xi,
                    collapse: observables?.contains(.rmsWidthOverXi) ?? false))
        }

        let initial: InitialSpec
        if case .master = solver {
            initial = .excitation(
                site: p["site"] == nil ? sites[0] : try integer("site", 1...l) - 1)
        } else {
            guard let kind = p["initial"]?.stringValue.flatMap(InitialSpec.Kind.init(rawValue:))
            else {
                throw fail(
                    "initial", InitialSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            switch kind {
            case .ground: initial = .ground(particles: try integer("particles", 0...l))
            case .product:
                let occupations = try numbers("occupations")?.map { Int($0) }
                if let occ = occupations, occ.count != l || !occ.allSatisfy({ $0 == 0 || $0 == 1 })
                {
                    throw fail("occupations", "L = \(l) values of 0 or 1")
                }
                initial = .product(
                    particles: try integer("particles", 0...l), occupations: occupations)
            case .excitation: initial = .excitation(site: try integer("site", 1...l) - 1)
            }
        }
        self.init(
            chain: chain, initial: initial, times: times, solver: solver, observables: observables)
    }
}

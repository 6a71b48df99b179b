import Foundation
import ChainModel
import LinearAlgebra
import Propagation
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation
import RunSpecification
import Statistics
import Execution
import Formats
import Agreement

/// A planned `trajectories` run as the preflight sees it: exactly the inputs that determine
/// its numbers (CLI options of `trajectories`; sites 0-based here). Realization r of the plan
/// is realization r of the run: same chain, initial state and noise streams.
public struct PreflightPlan: Sendable, Equatable {
    public typealias State = InitialSpec

    public var length: Int
    public var hopping: Double
    public var disorder: Double
    /// The noisy sites, 0-based, and the gamma of each.
    public var noiseSites: [Int]
    public var gammas: [Double]
    /// Explicit potentials (`--potential`): one chain.
    public var potentials: [Double]?
    public var seed: UInt64
    public var realizations: Int
    public var noiseRealizations: Int
    public var state: State
    /// Output times, multiples of dt.
    public var times: [Double]
    public var scheme: Scheme
    public var dt: Double
    /// As `--observables` (nil: what the run writes by default).
    public var observables: Set<Observable>?

    public init(
        length: Int, hopping: Double = 1, disorder: Double = 1, gammas: [Double] = [1],
        noiseSites: [Int]? = nil,
        potentials: [Double]? = nil, seed: UInt64 = 1, realizations: Int = 100,
        noiseRealizations: Int = 10,
        state: State, times: [Double], scheme: Scheme = .strang, dt: Double = 0.1,
        observables: Set<Observable>? = nil
    ) {
        self.length = length
        self.hopping = hopping
        self.disorder = disorder
        self.gammas = gammas
        self.noiseSites = noiseSites ?? [length / 2 - 1]
        self.potentials = potentials
        self.seed = seed
        self.realizations = realizations
        self.noiseRealizations = noiseRealizations
        self.state = state
        self.times = times
        self.scheme = scheme
        self.dt = dt
        self.observables = observables
    }

    /// The preflight's view of a planned trajectories run. Refuses, naming the option, what the
    /// preflight cannot take: another solver, or the paper scheme with several noisy sites
    /// (its exact average is a quadrature over one kick angle; `PaperSchemeAverage`).
    public init(spec: RunSpec) throws {
        guard case .trajectories(let scheme, let dt, let m) = spec.solver else {
            throw InputError(
                option: "solver", value: spec.solver.name.rawValue,
                allowed: "the preflight is for trajectories runs")
        }
        guard scheme != .paper || spec.chain.noiseSites.count == 1 else {
            throw InputError(
                option: "scheme", value: "paper",
                allowed:
                    "with \(spec.chain.noiseSites.count) noisy sites the preflight has no exact "
                    + "average of the paper scheme (one noisy site only); allowed strang or lie")
        }
        self.init(
            length: spec.chain.length, hopping: spec.chain.hopping, disorder: spec.chain.disorder,
            gammas: spec.chain.gammas,
            noiseSites: spec.chain.noiseSites, potentials: spec.chain.potentials,
            seed: spec.chain.seed,
            realizations: spec.chain.realizations, noiseRealizations: m, state: spec.initial,
            times: spec.times, scheme: scheme, dt: dt,
            observables: spec.observables.map(Set.init))
    }

    /// One chain: its errors are over noise realizations alone (the run's own convention).
    public var singleChain: Bool { potentials != nil || realizations == 1 }

    /// Disorder realization r of the run.
    public func chain(realization r: Int) -> Chain {
        ChainSpec(
            length: length, hopping: hopping, disorder: disorder, potentials: potentials,
            noiseSites: noiseSites, gammas: gammas, seed: seed, realizations: realizations
        ).chain(realization: r)
    }

    /// The initial state of realization r of the run.
    public func initial(realization r: Int) -> InitialState {
        state.state(length: length, seed: seed, realization: r)
    }

    /// The trajectory solver of the run.
    public var solver: TrajectorySolver {
        TrajectorySolver(
            options: .init(
                scheme: scheme, dt: dt, noiseRealizations: noiseRealizations, seed: seed,
                observables: observables))
    }

    /// The observables the run writes.
    public var runObservables: [Observable] {
        solver.layout(length: length, initial: initial(realization: 0), times: times.count).entries
            .map(\.observable)
    }

    public var excitation: Bool { state.isExcitation }

    /// Observables with an exact noise average.
    public static let averaged: [Observable] = [
        .energy, .density, .rmsWidth, .rmsDisplacement, .rhoS,
    ]

    /// The observables the verdict judges: those of the run with an exact noise average
    /// (energy, density, rms_width and rms_displacement of an excitation, rho_s), in the run's
    /// order; when the run writes none of them (e.g. entanglement alone), the energy and density
    /// as witnesses of the time-step error (`judgesWitnesses`).
    public var exactObservables: [Observable] {
        let written = runObservables.filter { Self.averaged.contains($0) }
        return written.isEmpty ? [.energy, .density] : written
    }

    /// The run writes no observable with an exact average: the verdict judges the energy and
    /// the density in its place.
    public var judgesWitnesses: Bool {
        !runObservables.contains { Self.averaged.contains($0) }
    }

    /// Observables of the run with no exact noise average (nonlinear in rho_s per trajectory):
    /// their time-step error is estimated from pilot runs at dt and dt/2.
    public var nonlinearObservables: [Observable] {
        runObservables.filter { [.entanglement, .entanglementProfile, .nn].contains($0) }
    }

    /// The same physics on `sites` sites (the exact checks): the same J, W, gammas, scheme, dt
    /// and seed; a window of the potentials of realization 0 with the first noisy site at the
    /// same relative position and every noisy site that falls in the window (with its gamma);
    /// the same filling (explicit occupations: the window's); an excitation at the same
    /// relative position (on its noisy site if it was on one in the window).
    public func reduced(to sites: Int) -> PreflightPlan {
        let lc = min(sites, length)
        func relative(_ i: Int) -> Int {
            min(lc - 1, max(0, Int((Double(i) + 0.5) * Double(lc) / Double(length))))
        }
        let first = noiseSites[0]
        let start = min(max(first - relative(first), 0), length - lc)
        let window = start..<(start + lc)
        let inside = noiseSites.indices.filter { window.contains(noiseSites[$0]) }
        func filling(_ n: Int) -> Int {
            let scaled = Int((Double(n) * Double(lc) / Double(length)).rounded())
            return n == 0 || n == length ? n * lc / length : min(max(scaled, 1), lc - 1)
        }
        let small: State
        switch state {
        case .ground(let n): small = .ground(particles: filling(n))
        case .product(let n, let occupations):
            if let occ = occupations.map({ Array($0[window]) }), occ.contains(0), occ.contains(1) {
                small = .product(particles: occ.reduce(0, +), occupations: occ)
            } else {
                small = .product(particles: filling(n), occupations: nil)
            }
        case .excitation(let j):
            small = .excitation(site: window.contains(j) ? j - start : relative(j))
        }
        return PreflightPlan(
            length: lc, hopping: hopping, disorder: disorder, gammas: inside.map { gammas[$0] },
            noiseSites: inside.map { noiseSites[$0] - start },
            potentials: Array(chain(realization: 0).potentials[window]), seed: seed,
            realizations: 1,
            noiseRealizations: noiseRealizations, state: small, times: times, scheme: scheme,
            dt: dt, observables: observables)
    }
}

/// How the preflight samples and judges (the `validate` options that are not the run's).
public struct PreflightSettings: Sendable, Equatable {
    /// Disorder realizations of the run over which the exact bias is averaged (`--sample`).
    public var sample: Int
    /// Pilot trajectories (`--pilot RxM`): the run's first R realizations, M noise realizations
    /// each (one chain: R x M noise realizations of it).
    public var pilotRealizations: Int
    public var pilotNoise: Int
    /// PASS when the judged ratio (`ObservableVerdict`) is <= budget at every judged output
    /// time (`--bias-budget`).
    public var budget: Double
    /// The output times the verdict judges: from...to (`--verdict-window`); the others are
    /// reported, not judged.
    public var window: ClosedRange<Double>
    /// Standard error wanted (`--target-stderr`): the realizations it needs are reported.
    public var targetStderr: Double?
    /// Sites of the exact checks (`--check-length`).
    public var checkLength: Int
    /// Noise realizations of the small-chain trajectory check.
    public var checkNoise: Int
    /// Frobenius-norm tolerance of the exact closure (`--tolerance`).
    public var tolerance: Double
    public var threads: Int
    /// `sample` is an upper bound (`--sample` not given): the preflight samples as many
    /// realizations as keep its exact part within `Preflight.automaticSampleFraction` of the
    /// run's estimated cost, at least one.
    public var automaticSample: Bool

    public init(
        sample: Int = 4, pilotRealizations: Int = 4, pilotNoise: Int = 4, budget: Double = 0.5,
        window: ClosedRange<Double> = 0...Double.infinity, targetStderr: Double? = nil,
        checkLength: Int = 8, checkNoise: Int = 4000, tolerance: Double = 1e-10, threads: Int = 1,
        automaticSample: Bool = false
    ) {
        self.automaticSample = automaticSample
        self.sample = sample
        self.pilotRealizations = pilotRealizations
        self.pilotNoise = pilotNoise
        self.budget = budget
        self.window = window
        self.targetStderr = targetStderr
        self.checkLength = checkLength
        self.checkNoise = checkNoise
        self.tolerance = tolerance
        self.threads = threads
    }

    /// Allowed disorder realizations of the exact bias (`--sample`).
    public static let allowedSample = 1...1000

    /// Refuses settings out of range for this plan, naming the quantity (`sample`, `pilot`,
    /// `bias_budget`, `verdict_window`, `target_stderr`, `tolerance`, `threads`; the check
    /// length is the caller's). The pilot needs R >= 2 realizations for the disorder variance
    /// component; one chain has none, so R = 1 (M noise realizations of it) is enough there.
    public func validate(for plan: PreflightPlan) throws {
        let s = Self.allowedSample
        guard s.contains(sample) else {
            throw InputError(
                option: "sample", value: "\(sample)",
                allowed: "allowed \(s.lowerBound)...\(s.upperBound)")
        }
        let fewest = plan.singleChain ? 1 : 2
        guard (fewest...10_000).contains(pilotRealizations), (2...1_000_000).contains(pilotNoise)
        else {
            throw InputError(
                option: "pilot", value: "\(pilotRealizations)x\(pilotNoise)",
                allowed:
                    "expected RxM with \(fewest) <= R <= 10000 and 2 <= M <= 1000000"
                    + (plan.singleChain ? "" : " (R = 1 only for one chain)"))
        }
        guard window.lowerBound >= 0, !window.lowerBound.isInfinite,
            plan.times.contains(where: window.contains)
        else {
            throw InputError(
                option: "verdict_window", value: "\(window.lowerBound):\(window.upperBound)",
                allowed: "must hold at least one output time of the run (its times: "
                    + "\(plan.times.first ?? 0)...\(plan.times.last ?? 0))")
        }
        guard budget.isFinite && budget > 0 else {
            throw InputError(
                option: "bias_budget", value: "\(budget)", allowed: "must be > 0 and finite")
        }
        if let s = targetStderr, !(s.isFinite && s > 0) {
            throw InputError(
                option: "target_stderr", value: "\(s)", allowed: "must be > 0 and finite")
        }
        guard tolerance >= 1e-14 && tolerance <= 1e-4 else {
            throw InputError(
                option: "tolerance", value: "\(tolerance)", allowed: "allowed 1e-14...1e-4")
        }
        guard (1...1024).contains(threads) else {
            throw InputError(option: "threads", value: "\(threads)", allowed: "allowed 1...1024")
        }
    }
}

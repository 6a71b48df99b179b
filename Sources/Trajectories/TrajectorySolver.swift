import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra
import Statistics
import Execution

/// The `trajectories` solver: the unitary unraveling (paper eqs. 5, 8, 10) of one disorder
/// realization, M noise realizations, reduced as they arrive into running statistics.
///
/// Each trajectory is a Slater determinant propagated in the eigenbasis (`StepKernel`);
/// observables are measured at output times (multiples of dt) in the site basis. The noise
/// of trajectory m of realization r comes from the stream (seed, noise, r, m), so results do
/// not depend on threads, shards or resume points.
public struct TrajectorySolver: EnsembleSolver {
    public static let observables: [Observable] = [
        .energy, .density, .entanglement, .entanglementProfile, .rhoS, .nn, .rmsDisplacement,
        .rmsWidth,
    ]

    public struct Options: Sendable {
        public var scheme: Scheme
        public var dt: Double
        public var noiseRealizations: Int
        public var seed: UInt64
        /// nil = all that apply (L^2-per-time ones only for L <= 16).
        public var observables: Set<Observable>?

        public init(
            scheme: Scheme = .strang, dt: Double = 0.1, noiseRealizations: Int = 10,
            seed: UInt64 = 1, observables: Set<Observable>? = nil
        ) {
            self.scheme = scheme
            self.dt = dt
            self.noiseRealizations = noiseRealizations
            self.seed = seed
            self.observables = observables
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The observables produced for this state, in order, with their shapes. The transport
    /// entries are `rootOfMean`: their second moments are averaged (eq. 18, see
    /// `ObservableLayout`).
    public func layout(length l: Int, initial: InitialState, times: Int) -> ObservableLayout {
        let excitation: Bool
        if case .excitation = initial { excitation = true } else { excitation = false }
        let entries: [(observable: Observable, shape: ObservableLayout.Shape)] = Self.observables
            .compactMap { o in
                let transport = o.isTransport
                let entangle = o == .entanglement || o == .entanglementProfile
                if transport != excitation && (transport || entangle) { return nil }
                if let set = options.observables, !set.contains(o) { return nil }
                if options.observables == nil, [.entanglementProfile, .rhoS, .nn].contains(o),
                    l > 16
                {
                    return nil
                }
                switch o {
                case .density: return (o, .vector(l))
                case .entanglementProfile: return (o, .vector(l - 1))
                case .rhoS: return (o, .complexMatrix(l))
                case .nn: return (o, .matrix(l))
                case _ where transport: return (o, .rootOfMean)
                default: return (o, .scalar)
                }
            }
        return ObservableLayout(times: times, entries: entries)
    }

    /// `cost(length:orbitals:...)`: one orbital per particle of `initial`.
    public func cost(
        chain: ChainSpec, initial: InitialState, layout: ObservableLayout, lastTime: Double
    ) -> RunCost {
        cost(
            length: chain.length, orbitals: initial.particles, noisySites: chain.noiseSites.count,
            layout: layout, lastTime: lastTime)
    }

    /// `run`: statistics over the `noiseRealizations` trajectories.
    public func statistics(
        chain: Chain, initial: InitialState, times: [Double], realization: Int
    ) throws -> RunningStatistics {
        try run(chain: chain, initial: initial, times: times, realization: realization)
    }

    /// Statistics over the noise realizations of realization `r`.
    public func run(
        chain: Chain, initial: InitialState, times: [Double], realization r: Int
    ) throws -> RunningStatistics {
        let spectrum = chain.spectrum()
        let layout = self.layout(length: chain.length, initial: initial, times: times.count)
        let stepper = SchemeStepper(
            scheme: options.scheme, spectrum: spectrum, dt: options.dt, gammas: chain.gammas)
        let steps = try TimeGrid.steps(to: times, dt: options.dt)
        var stats = RunningStatistics(dimension: layout.dimension)
        for m in 0..<options.noiseRealizations {
            var rng = CounterRNG(
                seed: options.seed, stream: .noise, realization: r, noiseRealization: m)
            var state = SlaterState(initial: initial, spectrum: spectrum)
            var done = 0
            var series = SeriesBuilder()
            for (index, t) in times.enumerated() {
                stepper.advance(&state, steps: steps[index] - done, rng: &rng)
                done = steps[index]
                try measure(
                    state, at: t, realization: r, spectrum: spectrum, initial: initial,
                    layout: layout, into: &series)
            }
            stats.add(layout.flatten(series.observables))
        }
        return stats
    }

    package func measure(
        _ state: SlaterState, at t: Double, realization r: Int, spectrum: Spectrum,
        initial: InitialState,
        layout: ObservableLayout, into series: inout SeriesBuilder
    ) throws {
        let defect = state.orthonormalityDefect
        guard defect < 1e-10 else {
            throw InvariantViolation(
                invariant: "orthonormal orbitals (particle number)", time: t, realization: r,
                detail: "defect \(defect)")
        }
        let l = state.length
        let (phiRe, phiIm) = state.siteOrbitals(spectrum)
        let density = (0..<l).map { i in
            (0..<state.orbitals).reduce(0.0) {
                $0 + phiRe[i, $1] * phiRe[i, $1] + phiIm[i, $1] * phiIm[i, $1]
            }
        }
        func rhoS() -> ComplexMatrix {
            var m = ComplexMatrix(rows: l, columns: l)
            for j in 0..<l {
                for i in 0..<l {
                    var sr = 0.0, si = 0.0
                    for n in 0..<state.orbitals {
                        sr += phiRe[i, n] * phiRe[j, n] + phiIm[i, n] * phiIm[j, n]
                        si += phiRe[i, n] * phiIm[j, n] - phiIm[i, n] * phiRe[j, n]
                    }
                    m.re[j * l + i] = sr
                    m.im[j * l + i] = si
                }
            }
            return m
        }
        func peschel<T>(_ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as Peschel.OutOfRange {
                throw InvariantViolation(
                    invariant: "restricted rho_s eigenvalues in [0, 1]", time: t, realization: r,
                    detail: e.description)
            }
        }
        for (observable, _) in layout.entries {
            switch observable {
            case .energy:
                var e = 0.0
                for n in 0..<state.orbitals {
                    for a in 0..<l {
                        e +=
                            spectrum.energies[a]
                            * (state.re[n * l + a] * state.re[n * l + a] + state.im[n * l + a]
                                * state.im[n * l + a])
                    }
                }
                series.append(observable, scalar: e)
            case .density: series.append(observable, vector: density)
            case .entanglement:
                series.append(
                    observable,
                    scalar: try peschel { try Peschel.entropy(re: phiRe, im: phiIm, cut: l / 2) })
            case .entanglementProfile:
                series.append(
                    observable, vector: try peschel { try Peschel.profile(re: phiRe, im: phiIm) })
            case .rhoS: series.append(observable, complexMatrix: rhoS())
            case .nn:
                // Wick's theorem for a Slater determinant: <n_i n_j> = n_i n_j - |rho_s_ij|^2 (i !=
                // j).
                let g = rhoS()
                series.append(
                    observable,
                    matrix: (0..<l).map { i in
                        (0..<l).map { j in
                            i == j
                                ? density[i]
                                : density[i] * density[j]
                                    - (g.re[j * l + i] * g.re[j * l + i] + g.im[j * l + i]
                                        * g.im[j * l + i])
                        }
                    })
            case .rmsDisplacement, .rmsWidth:
                if case .excitation(let j) = initial {
                    series.append(
                        observable, scalar: Transport.value(observable, profile: density, site: j))
                }
            case .trace, .absorbedEnergy, .purity, .entropyVN, .populations, .rmsWidthOverXi,
                .xiTimesT,
                .secondMoment:
                break
            }
        }
    }
}

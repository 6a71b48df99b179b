import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra
import Statistics

/// The `trajectories` solver: the unitary unraveling (paper eqs. 5, 8, 10) of one disorder
/// realization, M noise realizations, reduced as they arrive into running statistics.
///
/// Each trajectory is a Slater determinant propagated in the eigenbasis (`StepKernel`);
/// observables are measured at output times (multiples of dt) in the site basis. The noise
/// of trajectory m of realization r comes from the stream (seed, noise, r, m), so results do
/// not depend on threads, shards or resume points.
public struct TrajectorySolver: Sendable {
    public static let observableNames = [
        "energy", "density", "entanglement", "entanglement_profile", "rho_s", "nn", "rms_displacement", "rms_width",
    ]

    public struct Options: Sendable {
        public var scheme: Scheme
        public var dt: Double
        public var noiseRealizations: Int
        public var seed: UInt64
        /// nil = all that apply (L^2-per-time ones only for L <= 16).
        public var observables: Set<String>?

        public init(scheme: Scheme = .strang, dt: Double = 0.1, noiseRealizations: Int = 10, seed: UInt64 = 1, observables: Set<String>? = nil) {
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
        let entries: [(name: String, shape: ObservableLayout.Shape)] = Self.observableNames.compactMap { name in
            let transport = Transport.names.contains(name)
            let entangle = name == "entanglement" || name == "entanglement_profile"
            if transport != excitation && (transport || entangle) { return nil }
            if let set = options.observables, !set.contains(name) { return nil }
            if options.observables == nil, ["entanglement_profile", "rho_s", "nn"].contains(name), l > 16 { return nil }
            switch name {
            case "density": return (name, .vector(l))
            case "entanglement_profile": return (name, .vector(l - 1))
            case "rho_s": return (name, .complexMatrix(l))
            case "nn": return (name, .matrix(l))
            case _ where transport: return (name, .rootOfMean)
            default: return (name, .scalar)
            }
        }
        return ObservableLayout(times: times, entries: entries)
    }

    /// Statistics over the noise realizations of realization `r`.
    public func run(chain: Chain, initial: InitialState, times: [Double], realization r: Int) throws -> RunningStatistics {
        let spectrum = chain.spectrum()
        let layout = self.layout(length: chain.length, initial: initial, times: times.count)
        let stepper = SchemeStepper(scheme: options.scheme, spectrum: spectrum, dt: options.dt, gammas: chain.gammas)
        let steps = try TimeGrid.steps(to: times, dt: options.dt)
        var stats = RunningStatistics(dimension: layout.dimension)
        for m in 0..<options.noiseRealizations {
            var rng = CounterRNG(seed: options.seed, stream: .noise, realization: r, noiseRealization: m)
            var state = SlaterState(initial: initial, spectrum: spectrum)
            var done = 0
            var series = SeriesBuilder()
            for (index, t) in times.enumerated() {
                stepper.advance(&state, steps: steps[index] - done, rng: &rng)
                done = steps[index]
                try measure(state, at: t, realization: r, spectrum: spectrum, initial: initial, layout: layout, into: &series)
            }
            stats.add(layout.flatten(series.observables))
        }
        return stats
    }

    package func measure(
        _ state: SlaterState, at t: Double, realization r: Int, spectrum: Spectrum, initial: InitialState,
        layout: ObservableLayout, into series: inout SeriesBuilder
    ) throws {
        let defect = state.orthonormalityDefect
        guard defect < 1e-10 else {
            throw InvariantViolation(invariant: "orthonormal orbitals (particle number)", time: t, realization: r, detail: "defect \(defect)")
        }
        let l = state.length
        let (phiRe, phiIm) = state.siteOrbitals(spectrum)
        let density = (0..<l).map { i in (0..<state.orbitals).reduce(0.0) { $0 + phiRe[i, $1] * phiRe[i, $1] + phiIm[i, $1] * phiIm[i, $1] } }
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
                throw InvariantViolation(invariant: "restricted rho_s eigenvalues in [0, 1]", time: t, realization: r, detail: e.description)
            }
        }
        for (name, _) in layout.entries {
            switch name {
            case "energy":
                var e = 0.0
                for n in 0..<state.orbitals {
                    for a in 0..<l { e += spectrum.energies[a] * (state.re[n * l + a] * state.re[n * l + a] + state.im[n * l + a] * state.im[n * l + a]) }
                }
                series.append(name, scalar: e)
            case "density": series.append(name, vector: density)
            case "entanglement": series.append(name, scalar: try peschel { try Peschel.entropy(re: phiRe, im: phiIm, cut: l / 2) })
            case "entanglement_profile": series.append(name, vector: try peschel { try Peschel.profile(re: phiRe, im: phiIm) })
            case "rho_s": series.append(name, complexMatrix: rhoS())
            case "nn":
                // Wick's theorem for a Slater determinant: <n_i n_j> = n_i n_j - |rho_s_ij|^2 (i != j).
                let g = rhoS()
                series.append(name, matrix: (0..<l).map { i in
                    (0..<l).map { j in i == j ? density[i] : density[i] * density[j] - (g.re[j * l + i] * g.re[j * l + i] + g.im[j * l + i] * g.im[j * l + i]) }
                })
            case "rms_displacement", "rms_width":
                if case .excitation(let j) = initial { series.append(name, scalar: Transport.value(name, profile: density, site: j)) }
            default: break
            }
        }
    }
}

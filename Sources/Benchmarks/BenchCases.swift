import AndersonNoise
import Foundation

/// The hot paths `bench` times.
package enum BenchCases {
    package static var all: [BenchCase] {
        [
            trajectoryStep(length: 100, particles: 50),
            trajectoryStep(length: 1000, particles: 1),
            lanczosStep(length: 100, particles: 50),
            lanczosStep(length: 1000, particles: 1),
            BenchCase(
                name: "closure strang step, L=100",
                detail: "one exact-average Strang step (eigenbasis, O(L^2))"
            ) { quick in
                let chain = Chain.disordered(
                    length: 100, disorder: 1, noiseSite: 49, gamma: 1, seed: 1, realization: 0)
                let average = SchemeAverage(
                    spectrum: chain.spectrum(), scheme: .strang, dt: 0.1, gammas: [1])
                var x = ComplexMatrix(chain.spectrum().groundStateDensityMatrix(particles: 50))
                return Stopwatch.median(repeats: quick ? 3 : 9, inner: 200) {
                    average.advance(&x, steps: 1)
                }.median
            },
            BenchCase(
                name: "closure run strang, L=100 to t=1e4", detail: "1e5 steps, 41 output times"
            ) { quick in
                let chain = Chain.disordered(
                    length: 100, disorder: 1, noiseSite: 49, gamma: 1, seed: 1, realization: 0)
                let times = TimeGrid.snapped(
                    TimeGrid.logarithmic(start: 0.1, end: quick ? 1e3 : 1e4, pointsPerDecade: 8),
                    to: 0.1)
                let solver = ClosureSolver(options: .init(scheme: .strang, observables: [.energy]))
                return Stopwatch.median(repeats: 1) {
                    _ = try? solver.run(chain: chain, initial: .ground(particles: 50), times: times)
                }.median
            },
            BenchCase(
                name: "lindblad generator term, L=12 N=6",
                detail: "one fused application + Taylor sum, d = 924, 1 thread"
            ) { quick in
                let chain = Chain.disordered(
                    length: 12, disorder: 1, noiseSite: 5, gamma: 1, seed: 3, realization: 0)
                let sector = FockSector(length: 12, particles: 6)
                let spectrum = chain.spectrum()
                let generator = LindbladGenerator(
                    hamiltonian: SectorHamiltonian(
                        chain: chain, sector: sector, spectrum: spectrum), sector: sector,
                    noiseSites: [5], gammas: [1])
                var term = SectorState.groundState(sector: sector, spectrum: spectrum)
                var sum = term
                return Stopwatch.median(repeats: quick ? 3 : 9, inner: 10) {
                    _ = generator.advanceTerm(&term, scale: 0.05, sum: &sum)
                }.median
            },
            localizationSite(energies: 1),
            localizationSite(energies: NoiseAveragedLocalization.defaultGridPoints),
            lindblad(times: 3, observables: [.energy], threads: 1),
            lindblad(times: 101, observables: [.energy], threads: 1),
            lindblad(times: 1001, observables: [.energy], threads: 1),
            lindblad(times: 101, observables: nil, threads: 1),
            lindblad(times: 101, observables: [.energy], threads: 2),
            lindblad(times: 101, observables: nil, threads: 2),
        ] + NoiseSiteBench.all + [
            scaling(threads: 1),
            scaling(threads: 2),
            BenchCase(
                name: "figure 1 --quick (end to end, 2 threads)",
                detail: "wall time of the whole figure"
            ) { quick in
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "bench-fig-\(UUID().uuidString)"
                ).path
                let start = Date()
                try FigureSpecs.figure(1, quick: true).execute(
                    in: dir, figure: 1, threads: 2, shard: (1, 1),
                    progress: { _ in SilentProgress() }, log: { _ in })
                return Date().timeIntervalSince(start)
            },
        ]
    }

    /// One transfer-matrix chain of `localization` (W = 1), per site: the uniform draw and the
    /// 2x2 step at each energy, renormalised every 32 sites.
    static func localizationSite(energies m: Int) -> BenchCase {
        BenchCase(
            name: "localization site, \(m) energies",
            detail: "per site of one chain: draw + \(m) transfer steps"
        ) { quick in
            let settings = LocalizationSettings(
                chains: 2, sites: quick ? 100_000 : 1_000_000, seed: 1)
            let energies =
                m == 1 ? [0] : NoiseAveragedLocalization.grid(disorder: 1, hopping: 1, points: m)
            return Stopwatch.median(repeats: quick ? 3 : 7) {
                _ = LyapunovSampler.chain(0, disorder: 1, energies: energies, settings: settings)
            }.median / Double(settings.sites + settings.warmupSites)
        }
    }

    /// The many-body oracle on the L = 12 half-filled sector (d = 924) from the ground state to
    /// t = 10 (W = 1, gamma = 1, tolerance 1e-8): 3 output times (0, 1, 10) or n equally spaced
    /// ones; `observables` nil = the defaults (all seven, entropy_vn included).
    static func lindblad(times n: Int, observables: Set<Observable>?, threads: Int) -> BenchCase {
        let what =
            observables.map { $0.map(\.rawValue).sorted().joined(separator: ",") }
            ?? "default observables"
        return BenchCase(
            name: "lindblad L=12 to t=10, \(n) times, \(what), threads=\(threads)",
            detail: "sector d = 924, tol 1e-8"
        ) { quick in
            let chain = Chain.disordered(
                length: 12, disorder: 1, noiseSite: 5, gamma: 1, seed: 3, realization: 0)
            let solver = LindbladSolver(
                options: .init(tolerance: 1e-8, observables: observables, threads: threads))
            let end = quick ? 2.0 : 10.0
            let grid = n == 3 ? [0, 1, end] : (0..<n).map { end * Double($0) / Double(n - 1) }
            return Stopwatch.median(repeats: 1) {
                _ = try? solver.run(chain: chain, initial: .ground(particles: 6), times: grid)
            }.median
        }
    }

    static func state(length l: Int, particles n: Int) -> (Chain, Spectrum, SlaterState) {
        let chain = Chain.disordered(
            length: l, disorder: 1, noiseSite: l / 2 - 1, gamma: 1, seed: 1, realization: 0)
        let spectrum = chain.spectrum()
        let occ = InitialState.randomOccupations(length: l, particles: n, seed: 1, realization: 0)
        return (
            chain, spectrum, SlaterState(initial: .product(occupations: occ), spectrum: spectrum)
        )
    }

    static func trajectoryStep(length l: Int, particles n: Int) -> BenchCase {
        BenchCase(
            name: "trajectory step L=\(l) N=\(n)",
            detail:
                "eigenbasis phase + rank-one kick (project kernel), per step of a "
                + "100-step Strang run"
        ) { quick in
            let (_, spectrum, initial) = state(length: l, particles: n)
            var s = initial
            let kernel = StepKernel(spectrum: spectrum, dt: 0.1)
            let steps = 100
            let thetas = (0..<steps).map { 0.3 * Double($0 % 2 == 0 ? 1 : -1) }
            return Stopwatch.median(repeats: quick ? 5 : 15, inner: l == 1000 ? 200 : 50) {
                kernel.evolve(&s, thetas: thetas, splitting: .strang)
            }.median / Double(steps)
        }
    }

    /// The Lanczos baseline of the same (Lie) step: Krylov exp(-i h dt) per orbital in the
    /// site basis plus the diagonal kick; checked equal to the eigenbasis step to 1e-10 first.
    static func lanczosStep(length l: Int, particles n: Int) -> BenchCase {
        BenchCase(
            name: "Lanczos step L=\(l) N=\(n) (baseline)",
            detail: "Krylov, tolerance 1e-12, adaptive m"
        ) { quick in
            let (chain, spectrum, initial) = state(length: l, particles: n)
            let lanczos = LanczosPropagator(chain: chain, dt: 0.1)
            var (re, im) = initial.siteOrbitals(spectrum)
            let k = chain.noiseSites[0], theta = 0.3
            func step(_ re: inout RealMatrix, _ im: inout RealMatrix, theta: Double) {
                re.storage.withUnsafeMutableBufferPointer { r in
                    im.storage.withUnsafeMutableBufferPointer { i in
                        for o in 0..<n {
                            lanczos.propagate(
                                re: r.baseAddress! + o * l, im: i.baseAddress! + o * l)
                            let x = r[o * l + k], y = i[o * l + k]
                            r[o * l + k] = cos(theta) * x + sin(theta) * y
                            i[o * l + k] = cos(theta) * y - sin(theta) * x
                        }
                    }
                }
            }
            var fast = initial
            StepKernel(spectrum: spectrum, dt: 0.1).evolve(&fast, thetas: [theta], splitting: .lie)
            let (fr, fi) = fast.siteOrbitals(spectrum)
            var cr = re, ci = im
            step(&cr, &ci, theta: theta)
            let diff = zip(fr.storage + fi.storage, cr.storage + ci.storage).map { abs($0 - $1) }
                .max()!
            guard diff < 1e-10 else {
                throw InvariantViolation(
                    invariant: "Lanczos baseline = eigenbasis step", time: 0.1, realization: nil,
                    detail: "they differ by \(diff)")
            }
            var t = theta
            return Stopwatch.median(repeats: quick ? 3 : 7, inner: l == 1000 ? 500 : 100) {
                step(&re, &im, theta: t)
                t = -t
            }.median
        }
    }

    static func scaling(threads: Int) -> BenchCase {
        BenchCase(
            name: "trajectories L=100, 4x4 realizations, t=100, threads=\(threads)",
            detail: "parallel scaling over realizations"
        ) { quick in
            let solver = TrajectorySolver(
                options: .init(
                    noiseRealizations: quick ? 2 : 4, seed: 1,
                    observables: [.energy, .entanglement]))
            let times = TimeGrid.snapped(
                TimeGrid.logarithmic(start: 0.1, end: 100, pointsPerDecade: 5), to: 0.1)
            let start = Date()
            _ = try RealizationRunner.run(realizations: Array(0..<4), threads: threads) { r in
                let chain = Chain.disordered(
                    length: 100, disorder: 1, noiseSite: 49, gamma: 1, seed: 1, realization: r)
                return try solver.run(
                    chain: chain, initial: .ground(particles: 50), times: times, realization: r)
            }
            return Date().timeIntervalSince(start)
        }
    }
}

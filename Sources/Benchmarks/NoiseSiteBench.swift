import AndersonNoise
import Foundation

/// The cost per step against the number S of noisy sites (noise every L/S sites), and the
/// site-basis alternative for many sites.
package enum NoiseSiteBench {
    static let siteCounts = [2, 10, 50]

    static var all: [BenchCase] {
        siteCounts.map { trajectoryStep(sites: $0) } + [siteBasisStep()]
            + ([1] + siteCounts).map { closureStep(sites: $0) }
    }

    /// L = 100 with noise on sites L/S, 2 L/S, ..., L (1-based), gamma = 1.
    static func chain(sites: Int) -> Chain {
        let l = 100, spacing = l / sites
        return Chain.disordered(
            length: l, disorder: 1,
            noiseSites: Chain.sites(every: spacing, length: l),
            gammas: [Double](repeating: 1, count: sites), seed: 1, realization: 0)
    }

    static func trajectoryStep(sites: Int) -> BenchCase {
        BenchCase(
            name: "trajectory step L=100 N=50 S=\(sites)",
            detail: "eigenbasis phase + S rank-one kicks, per step of a 100-step Strang run"
        ) { quick in
            let spectrum = chain(sites: sites).spectrum()
            let occ = InitialState.randomOccupations(
                length: 100, particles: 50, seed: 1, realization: 0)
            var s = SlaterState(initial: .product(occupations: occ), spectrum: spectrum)
            let kernel = StepKernel(spectrum: spectrum, dt: 0.1)
            let steps = 100
            let thetas = (0..<(steps * sites)).map { 0.3 * Double($0 % 2 == 0 ? 1 : -1) }
            return Stopwatch.median(repeats: quick ? 5 : 15, inner: 20) {
                kernel.evolve(&s, thetas: thetas, splitting: .strang)
            }.median / Double(steps)
        }
    }

    /// One step in the site basis, the alternative when every site is noisy: the kick is
    /// diagonal there (O(L N) for any S) and the free step a dense complex U = exp(-i h dt)
    /// (precomputed) times the L x N orbitals, four dgemm: O(L^2 N) per step.
    static func siteBasisStep() -> BenchCase {
        BenchCase(
            name: "site-basis step L=100 N=50 (dense U, any S)",
            detail: "diagonal kicks + dense exp(-i h dt), 4 dgemm"
        ) { quick in
            let l = 100, n = 50
            let spectrum = chain(sites: 1).spectrum()
            var ur = RealMatrix(rows: l, columns: l), ui = RealMatrix(rows: l, columns: l)
            for b in 0..<l {
                for a in 0..<l {
                    for k in 0..<l {
                        let w = spectrum.vectors[a, k] * spectrum.vectors[b, k]
                        ur[a, b] += w * cos(spectrum.energies[k] * 0.1)
                        ui[a, b] -= w * sin(spectrum.energies[k] * 0.1)
                    }
                }
            }
            let occ = InitialState.randomOccupations(
                length: l, particles: n, seed: 1, realization: 0)
            var (pr, pi) = SlaterState(initial: .product(occupations: occ), spectrum: spectrum)
                .siteOrbitals(spectrum)
            var theta = 0.3
            return Stopwatch.median(repeats: quick ? 5 : 15, inner: 100) {
                let c = cos(theta), s = sin(theta)
                for o in 0..<n {
                    for i in 0..<l {
                        let x = pr[i, o], y = pi[i, o]
                        pr[i, o] = c * x + s * y
                        pi[i, o] = c * y - s * x
                    }
                }
                let rr = BLAS.multiply(ur, pr), ii = BLAS.multiply(ui, pi),
                    ri = BLAS.multiply(ur, pi), ir = BLAS.multiply(ui, pr)
                for k in 0..<(l * n) {
                    pr.storage[k] = rr.storage[k] - ii.storage[k]
                    pi.storage[k] = ri.storage[k] + ir.storage[k]
                }
                theta = -theta
            }.median
        }
    }

    static func closureStep(sites: Int) -> BenchCase {
        BenchCase(
            name: "closure strang step in a run, L=100 S=\(sites)",
            detail: "per step of 100 exact-average Strang steps, S channels (O(S L^2))"
        ) { quick in
            let c = chain(sites: sites)
            let average = SchemeAverage(
                spectrum: c.spectrum(), scheme: .strang, dt: 0.1, gammas: c.gammas)
            var x = ComplexMatrix(c.spectrum().groundStateDensityMatrix(particles: 50))
            return Stopwatch.median(repeats: quick ? 3 : 7, inner: 2) {
                average.advance(&x, steps: 100)
            }.median / 100
        }
    }
}

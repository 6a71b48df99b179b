import Foundation
import ChainModel
import RunSpecification
import LinearAlgebra

/// The unitary unravelings of eq. 4 (Physics article), with one angle per noisy site s and
/// step, theta_s = eta_s sqrt(gamma_s dt), independent eta_s ~ N(0, 1) (eq. 5 misprints the
/// amplitude as sqrt(gamma) dt), and the kick K = exp(-i sum_s theta_s P_s):
/// - `paper`:  U = exp(-i h dt - i sum_s theta_s P_s) (eq. 8), weak order 1;
/// - `lie`:    U = K exp(-i h dt), weak order 1;
/// - `strang`: U = exp(-i h dt/2) K exp(-i h dt/2), weak order 2.
///
/// Advances one trajectory between output times.
package struct SchemeStepper {
    package let scheme: Scheme
    package let kernel: StepKernel
    package let spectrum: Spectrum
    package let dt: Double
    /// gamma_s of each noisy site, in the order of `spectrum.noiseAmplitudes`.
    package let gammas: [Double]

    package init(scheme: Scheme, spectrum: Spectrum, dt: Double, gammas: [Double]) {
        precondition(gammas.count == spectrum.noiseAmplitudes.count)
        precondition(
            Scheme.trajectories.contains(scheme), "a trajectory scheme: strang, lie or paper")
        self.scheme = scheme
        kernel = StepKernel(spectrum: spectrum, dt: dt)
        self.spectrum = spectrum
        self.dt = dt
        self.gammas = gammas
    }

    /// Steps run per call of the kernel: the kick angles of a chunk are drawn up front, so
    /// memory stays 32 KB per noisy site however far apart two output times are.
    package static let chunk = 4096
    /// Orthonormality defect above which the orbitals are re-orthonormalized after a chunk:
    /// two orders below the invariant check of the solver (1e-10).
    package static let reorthonormalizationThreshold = 1e-12

    // Without the re-orthonormalization, a run to t = 1e7 with dt = 0.1 reached the 1e-10 check.
    /// `steps` steps; the angles drawn from `rng` step after step, within a step in the order
    /// of the noisy sites. After every chunk the orbitals' orthonormality defect is measured
    /// and, above `reorthonormalizationThreshold`, removed (`SlaterState.reorthonormalize`).
    /// The exact evolution is unitary, so Psi^dag Psi = I holds exactly and the defect is
    /// round-off alone (about 1e-16 per step, linear in the steps, so long runs would reach the
    /// solver's 1e-10 check). Gram-Schmidt keeps the span of the orbitals, which is all a
    /// Slater determinant's observables depend on (rho_s = conj(Phi) Phi^T for orthonormal Phi),
    /// and changes them only by the defect: it removes round-off and cannot bias the average.
    /// Where and whether it acts depends only on the trajectory (its seed and times), so
    /// results stay reproducible.
    package func advance(_ state: inout SlaterState, steps: Int, rng: inout CounterRNG) {
        let amplitudes = gammas.map { ($0 * dt).squareRoot() }
        var left = steps
        while left > 0 {
            let n = min(left, Self.chunk)
            var thetas: [Double] = []
            thetas.reserveCapacity(n * amplitudes.count)
            for _ in 0..<n {
                for amplitude in amplitudes { thetas.append(amplitude * rng.nextGaussian()) }
            }
            left -= n
            advance(&state, thetas: thetas)
        }
    }

    /// Steps from given kick angles, one per noisy site and step in site order (thetas[0..<S]
    /// the first step's; each ~ N(0, gamma_s dt) for the unraveling), in chunks of `chunk`
    /// steps with the same re-orthonormalization as above (so the same angles give the same
    /// state either way).
    package func advance(_ state: inout SlaterState, thetas: [Double]) {
        let sites = gammas.count, perChunk = Self.chunk * sites
        for start in stride(from: 0, to: thetas.count, by: perChunk) {
            let chunk = Array(thetas[start..<min(start + perChunk, thetas.count)])
            if let splitting = scheme.splitting {
                kernel.evolve(&state, thetas: chunk, splitting: splitting)
            } else {
                for step in 0..<(chunk.count / sites) {
                    paperStep(&state, thetas: chunk[(step * sites)..<((step + 1) * sites)])
                }
            }
            if state.orthonormalityDefect > Self.reorthonormalizationThreshold {
                state.reorthonormalize()
            }
        }
    }

    /// exp(-i (Lambda + sum_s (theta_s/dt) p_s p_s^T) dt) applied exactly by diagonalising the
    /// perturbed diagonal matrix (dsyevd): O(L^3) per step. The paper scheme is here for
    /// comparison (its average has an O(dt) bias); production runs use Strang.
    package func paperStep(_ state: inout SlaterState, thetas: ArraySlice<Double>) {
        let l = spectrum.count
        var m = RealMatrix(rows: l, columns: l)
        for a in 0..<l { m[a, a] = spectrum.energies[a] }
        for (p, theta) in zip(spectrum.noiseAmplitudes, thetas) {
            for b in 0..<l {
                for a in 0..<l { m[a, b] += theta / dt * p[a] * p[b] }
            }
        }
        let (mu, q) = Eigen.symmetric(m)
        let psiRe = RealMatrix(rows: l, columns: state.orbitals, storage: state.re)
        let psiIm = RealMatrix(rows: l, columns: state.orbitals, storage: state.im)
        var yr = BLAS.multiplyTransposed(q, psiRe), yi = BLAS.multiplyTransposed(q, psiIm)
        for n in 0..<state.orbitals {
            for a in 0..<l {
                let c = cos(mu[a] * dt), s = -sin(mu[a] * dt)
                let x = yr[a, n], y = yi[a, n]
                yr[a, n] = c * x - s * y
                yi[a, n] = c * y + s * x
            }
        }
        state.re = BLAS.multiply(q, yr).storage
        state.im = BLAS.multiply(q, yi).storage
    }
}

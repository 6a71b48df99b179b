import Foundation

/// The unitary unravelings of eq. 4 (PHYSICS.md), with theta = eta sqrt(gamma dt),
/// eta ~ N(0, 1) per step (eq. 5 misprints this as sqrt(gamma) dt):
/// - `paper`:  U = exp(-i h dt - i theta P) (eq. 8), weak order 1;
/// - `lie`:    U = exp(-i theta P) exp(-i h dt), weak order 1;
/// - `strang`: U = exp(-i h dt/2) exp(-i theta P) exp(-i h dt/2), weak order 2.
public enum TrajectoryScheme: String, Sendable, CaseIterable {
    case strang, lie, paper
}

/// Advances one trajectory between output times.
struct SchemeStepper {
    let scheme: TrajectoryScheme
    let kernel: StepKernel
    let spectrum: Spectrum
    let dt: Double
    let gamma: Double

    init(scheme: TrajectoryScheme, spectrum: Spectrum, dt: Double, gamma: Double) {
        self.scheme = scheme
        kernel = StepKernel(spectrum: spectrum, dt: dt)
        self.spectrum = spectrum
        self.dt = dt
        self.gamma = gamma
    }

    /// Steps run per call of the kernel: the kick angles of a chunk are drawn up front, so
    /// memory stays 32 KB however far apart two output times are.
    static let chunk = 4096
    /// Orthonormality defect above which the orbitals are re-orthonormalized after a chunk:
    /// two orders below the invariant check of the solver (1e-10).
    static let reorthonormalizationThreshold = 1e-12

    /// `steps` steps; noise drawn from `rng` in step order. After every chunk the orbitals'
    /// orthonormality defect is measured and, above `reorthonormalizationThreshold`, removed
    /// (`SlaterState.reorthonormalize`). The exact evolution is unitary, so Psi^dag Psi = I
    /// holds exactly and the defect is round-off alone (about 1e-16 per step, linear in the
    /// steps: at t = 1e7 with dt = 0.1 it reached the 1e-10 check). Gram-Schmidt keeps the
    /// span of the orbitals, which is all a Slater determinant's observables depend on
    /// (rho_s = conj(Phi) Phi^T for orthonormal Phi), and changes them only by the defect: it
    /// removes round-off and cannot bias the average. Where and whether it acts depends only
    /// on the trajectory (its seed and times), so results stay reproducible.
    func advance(_ state: inout SlaterState, steps: Int, rng: inout CounterRNG) {
        let amplitude = (gamma * dt).squareRoot()
        var left = steps
        while left > 0 {
            let thetas = (0..<min(left, Self.chunk)).map { _ in amplitude * rng.nextGaussian() }
            left -= thetas.count
            advance(&state, thetas: thetas)
        }
    }

    /// One step per kick angle theta (each ~ N(0, gamma dt) for the unraveling), thetas[0]
    /// first, in chunks of `chunk` steps with the same re-orthonormalization as above (so the
    /// same angles give the same state either way).
    func advance(_ state: inout SlaterState, thetas: [Double]) {
        for start in stride(from: 0, to: thetas.count, by: Self.chunk) {
            let chunk = Array(thetas[start..<min(start + Self.chunk, thetas.count)])
            switch scheme {
            case .lie: kernel.evolve(&state, thetas: chunk, splitting: .lie)
            case .strang: kernel.evolve(&state, thetas: chunk, splitting: .strang)
            case .paper: for theta in chunk { paperStep(&state, theta: theta) }
            }
            if state.orthonormalityDefect > Self.reorthonormalizationThreshold { state.reorthonormalize() }
        }
    }

    /// exp(-i (Lambda + (theta/dt) p p^T) dt) applied exactly by diagonalising the rank-one
    /// perturbed diagonal matrix (dsyevd): O(L^3) per step. The paper scheme is here for
    /// comparison (its average has an O(dt) bias); production runs use Strang.
    func paperStep(_ state: inout SlaterState, theta: Double) {
        let l = spectrum.count
        let p = spectrum.noiseAmplitudes
        var m = RealMatrix(rows: l, columns: l)
        for b in 0..<l {
            for a in 0..<l { m[a, b] = (a == b ? spectrum.energies[a] : 0) + theta / dt * p[a] * p[b] }
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

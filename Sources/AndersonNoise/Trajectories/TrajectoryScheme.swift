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

    /// `steps` steps; noise drawn from `rng` in step order.
    func advance(_ state: inout SlaterState, steps: Int, rng: inout CounterRNG) {
        guard steps > 0 else { return }
        let amplitude = (gamma * dt).squareRoot()
        advance(&state, thetas: (0..<steps).map { _ in amplitude * rng.nextGaussian() })
    }

    /// One step per kick angle theta (each ~ N(0, gamma dt) for the unraveling), thetas[0] first.
    func advance(_ state: inout SlaterState, thetas: [Double]) {
        switch scheme {
        case .lie: kernel.evolve(&state, thetas: thetas, splitting: .lie)
        case .strang: kernel.evolve(&state, thetas: thetas, splitting: .strang)
        case .paper: for theta in thetas { paperStep(&state, theta: theta) }
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

import Foundation
import ChainModel

/// A closed form a reference case meets, in this project's conventions (hbar = 1, hopping J,
/// the dissipator sum_s gamma_s (n_s rho n_s - {n_s, rho}/2), so the coherence rho_s[i][j]
/// of two noisy sites decays at Gamma_ij = (g_i + g_j)/2; `rms_width` = sqrt(sum_i (i - j)^2
/// n_i) of an excitation started on site j).
public enum ClosedForm: Sendable {
    /// Dephasing of strength gamma on every site of a clean chain (the Haken-Strobl-Reineker
    /// model): every coherence decays at Gamma = gamma, and far from the ends the width of an
    /// excitation obeys width^2(t) = (4 J^2 / gamma^2)(gamma t - 1 + e^{-gamma t}): ballistic
    /// 2 J^2 t^2 at gamma t << 1, diffusive 2 D t with D = 2 J^2 / gamma at gamma t >> 1.
    /// (From d<x^2>/dt = 2 J <j>, d<j>/dt = 2 J - gamma <j>, j the current; the lattice ends
    /// enter only through exponentially small tails.)
    case hakenStrobl(hopping: Double, gamma: Double)
    /// The infinite-temperature state of a connected chain with noise (the only stationary
    /// state of the dephasing dynamics in the N-particle sector): density N / L on every site,
    /// reached at the last output time.
    case infiniteTemperatureDensity(particles: Int, length: Int)
    /// The energy of that state, Tr(rho_s h) = (N / L) sum_i w_i: at half filling
    /// (1/2) sum_i w_i (the hopping terms average to zero), at the last output time.
    case infiniteTemperatureEnergy(particles: Int, potentials: [Double])
    /// The purity of that state, the maximally mixed state of the sector: 1 / C(L, N), at the
    /// last output time.
    case infiniteTemperaturePurity(particles: Int, length: Int)

    public var observable: Observable {
        switch self {
        case .hakenStrobl: return .rmsWidth
        case .infiniteTemperatureDensity: return .density
        case .infiniteTemperatureEnergy: return .energy
        case .infiniteTemperaturePurity: return .purity
        }
    }

    public var formula: String {
        switch self {
        case .hakenStrobl(let j, let g):
            return "rms_width^2 = (4 J^2 / gamma^2)(gamma t - 1 + exp(-gamma t)), J = \(j), "
                + "gamma = \(g)"
        case .infiniteTemperatureDensity(let n, let l): return "density_i = N / L = \(n)/\(l)"
        case .infiniteTemperatureEnergy(let n, let w):
            return "energy = (N / L) sum_i w_i = \(Double(n) / Double(w.count) * w.reduce(0, +))"
        case .infiniteTemperaturePurity(let n, let l):
            return "purity = 1 / C(L, N) = 1 / \(Self.binomial(l, n))"
        }
    }

    /// Which output times the closed form holds at.
    public var window: String {
        if case .hakenStrobl = self { return "every output time" }
        return "the last output time"
    }

    /// The largest |value - closed form| over the times it holds at.
    public func difference(times: [Double], series: Series) -> Double {
        switch (self, series) {
        case (.hakenStrobl(let j, let g), .scalar(let width)):
            return zip(times, width).map { t, w in
                abs(w - (4 * j * j / (g * g) * (g * t - 1 + exp(-g * t))).squareRoot())
            }.max() ?? .nan
        case (.infiniteTemperatureDensity(let n, let l), .vector(let density)):
            return (density.last ?? []).map { abs($0 - Double(n) / Double(l)) }.max() ?? .nan
        case (.infiniteTemperatureEnergy(let n, let w), .scalar(let energy)):
            return abs((energy.last ?? .nan) - Double(n) / Double(w.count) * w.reduce(0, +))
        case (.infiniteTemperaturePurity(let n, let l), .scalar(let purity)):
            return abs((purity.last ?? .nan) - 1 / Double(Self.binomial(l, n)))
        default: return .nan
        }
    }

    static func binomial(_ n: Int, _ k: Int) -> Int {
        (0..<k).reduce(1) { $0 * (n - $1) / ($1 + 1) }
    }
}

import Foundation
import ChainModel
import RunSpecification
import CodeCheck

/// The reference catalogue: small exact cases covering one and several noisy sites, product,
/// ground and excitation states, L from 4 to 200, times to 1e3, energy, density, widths and
/// (small L) the many-body purity, plus one case per discrete scheme at a stated dt. Disordered
/// chains are drawn once from the project's stream (seed 1, realization 0) and written out.
public enum Catalogue {
    static let haken =
        "H. Haken and G. Strobl, Z. Phys. 262, 135 (1973); P. Reineker, in Exciton Dynamics in "
        + "Molecular Crystals and Aggregates, Springer Tracts Mod. Phys. 94 (1982): the "
        + "Haken-Strobl-Reineker model, mean-square displacement (4 J^2 / gamma^2)(gamma t - 1 "
        + "+ e^{-gamma t}) in this project's convention (coherences decay at gamma; rms_width = "
        + "sqrt(sum_i (i - j)^2 n_i))"
    static let infiniteTemperature =
        "T. L. M. Lezama and Y. Bar Lev, Sec. II: local noise drives every connected chain to "
        + "the infinite-temperature state of its particle-number sector (the identity is the "
        + "only stationary state of the Lindbladian with Hermitian jump operators n_k that, "
        + "with h, generate the whole sector algebra): density N / L, energy (N / L) sum_i w_i "
        + "(the hopping part of h is traceless), purity 1 / C(L, N)"
    static let scheme =
        "the exact noise average of one step of the scheme (the Physics article, 'Exact noise "
        + "averages'; PaperSchemeAverage for the paper's eq. 8 by Gauss-Hermite quadrature): "
        + "what a correct trajectory code at this dt converges to as its samples grow, with no "
        + "time-step bias"

    /// Output times 0 and 1, 2, 5 per decade up to `last`.
    static func decades(to last: Double) -> [Double] {
        var t = [0.0]
        var scale = 0.1
        while scale < last * 1.0001 {
            for m in [1.0, 2, 5] where m * scale <= last * 1.0001 { t.append(m * scale) }
            scale *= 10
        }
        return t
    }

    /// A chain of L sites drawn with disorder W (seed 1, realization 0), written out.
    static func chain(
        _ l: Int, disorder w: Double, sites: [Int], gammas: [Double]
    ) -> ChainSpec {
        let drawn = Chain.disordered(
            length: l, disorder: w, noiseSites: sites, gammas: gammas, seed: 1, realization: 0)
        return ChainSpec(
            length: l, disorder: w, potentials: drawn.potentials, noiseSites: sites,
            gammas: gammas, realizations: 1)
    }

    static func run(
        _ chain: ChainSpec, _ initial: InitialSpec, _ times: [Double], _ observables: [Observable]
    ) -> RunSpec {
        RunSpec(
            chain: chain, initial: initial, times: times,
            solver: .closure(scheme: .exact, dt: 0.1, tolerance: CheckReference.tolerance),
            observables: observables)
    }

    public static let cases: [ReferenceCase] = {
        let half = [1, 0, 1, 0, 1, 0, 1, 0]
        let hsr = ChainSpec(
            length: 200, disorder: 0, potentials: [Double](repeating: 0, count: 200),
            noiseSites: Array(0..<200), gammas: [2], realizations: 1)
        let one8 = chain(8, disorder: 1, sites: [3], gammas: [1])
        let ground10 = chain(10, disorder: 0.5, sites: [4], gammas: [1])
        let several12 = chain(12, disorder: 1, sites: [2, 6, 9], gammas: [0.5, 1, 2])
        let wide100 = chain(100, disorder: 2, sites: [49], gammas: [1])
        let clean4 = chain(4, disorder: 0, sites: [1], gammas: [1])
        let many6 = chain(6, disorder: 1, sites: [2], gammas: [1])
        let many8 = chain(8, disorder: 1, sites: [1, 5], gammas: [0.5, 1])
        let schemeTimes = [0, 0.5, 1, 2, 5, 10]
        func schemeCase(_ s: Scheme, dt: Double) -> ReferenceCase {
            ReferenceCase(
                name: "scheme-\(s.rawValue)-L8",
                summary: "the exact noise average of the \(s.rawValue) scheme at dt = \(dt): one "
                    + "noisy site, product state, L = 8",
                source: scheme,
                spec: run(
                    one8, .product(particles: 4, occupations: half),
                    schemeTimes, [.energy, .density]),
                against: .scheme(s, dt: dt), closedForm: nil)
        }
        return [
            ReferenceCase(
                name: "haken-strobl-L200",
                summary: "dephasing gamma = 2 on every site of a clean chain, L = 200, an "
                    + "excitation on site 100: the width of the Haken-Strobl-Reineker model",
                source: haken,
                spec: run(hsr, .excitation(site: 99), (0...20).map(Double.init), [.rmsWidth]),
                against: .exact, closedForm: .hakenStrobl(hopping: 1, gamma: 2)),
            ReferenceCase(
                name: "one-site-product-L8",
                summary: "one noisy site (4, gamma = 1), W = 1, product state, t to 1e4",
                source: infiniteTemperature,
                spec: run(
                    one8, .product(particles: 4, occupations: half), decades(to: 1e4),
                    [.energy, .density]),
                against: .exact, closedForm: .infiniteTemperatureDensity(particles: 4, length: 8)),
            ReferenceCase(
                name: "one-site-ground-L10",
                summary: "one noisy site (5, gamma = 1), W = 0.5, ground state at half filling, "
                    + "t to 1e4",
                source: infiniteTemperature,
                spec: run(
                    ground10, .ground(particles: 5), decades(to: 1e4),
                    [.energy, .absorbedEnergy, .density]),
                against: .exact,
                closedForm: .infiniteTemperatureEnergy(
                    particles: 5, potentials: ground10.potentials!)),
            ReferenceCase(
                name: "several-sites-product-L12",
                summary: "noisy sites 3, 7, 10 (gamma 0.5, 1, 2), W = 1, product state, t to 1e3",
                source: infiniteTemperature,
                spec: run(
                    several12,
                    .product(particles: 6, occupations: [1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0]),
                    decades(to: 1e3), [.energy, .density]),
                against: .exact,
                closedForm: .infiniteTemperatureDensity(particles: 6, length: 12)),
            ReferenceCase(
                name: "excitation-L100",
                summary: "one noisy site (50, gamma = 1), W = 2, an excitation on the noisy "
                    + "site, L = 100, t to 1e3: the transport problem of Fig. 3",
                source: "T. L. M. Lezama and Y. Bar Lev, eq. 18 (R = rms_width / 2) and Fig. 3; "
                    + "no closed form at finite W",
                spec: run(
                    wide100, .excitation(site: 49), decades(to: 1e3),
                    [.rmsWidth, .rmsDisplacement, .energy]),
                against: .exact, closedForm: nil),
            ReferenceCase(
                name: "excitation-clean-L4",
                summary: "a clean chain of 4 sites, noise on site 2 (gamma = 1), an excitation "
                    + "on site 2, t to 1e3",
                source: infiniteTemperature,
                spec: run(clean4, .excitation(site: 1), decades(to: 1e3), [.density, .rmsWidth]),
                against: .exact,
                closedForm: .infiniteTemperatureDensity(particles: 1, length: 4)),
            ReferenceCase(
                name: "many-body-product-L6",
                summary: "the many-body purity and entropy: L = 6, W = 1, noise on site 3 "
                    + "(gamma = 1), product state, t to 1e4 (lindblad)",
                source: infiniteTemperature,
                spec: run(
                    many6, .product(particles: 3, occupations: [1, 0, 1, 0, 1, 0]),
                    decades(to: 1e4), [.purity, .entropyVN, .energy, .density]),
                against: .exact,
                closedForm: .infiniteTemperaturePurity(particles: 3, length: 6)),
            ReferenceCase(
                name: "many-body-ground-L8",
                summary: "the many-body purity from the ground state: L = 8, W = 1, noisy sites "
                    + "2 and 6 (gamma 0.5, 1), t to 100 (lindblad)",
                source: "T. L. M. Lezama and Y. Bar Lev, eq. 4 (the Lindblad equation); no "
                    + "closed form before the infinite-temperature limit",
                spec: run(many8, .ground(particles: 4), decades(to: 100), [.purity, .energy]),
                against: .exact, closedForm: nil),
            schemeCase(.lie, dt: 0.1),
            schemeCase(.strang, dt: 0.1),
            schemeCase(.paper, dt: 0.1),
        ]
    }()
}

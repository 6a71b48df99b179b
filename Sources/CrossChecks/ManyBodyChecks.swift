import Foundation
import ChainModel
import LinearAlgebra
import Propagation
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation
import Statistics
import Execution
import Formats
import Agreement

/// The `validate` rows of the many-body Lindblad solver (the oracle): its own laws.
public enum ManyBodyChecks {
    /// A random half-filled chain of `settings.length` sites with noise at the middle.
    package static func chain(_ settings: ValidationSettings, gamma: Double = 1) -> Chain {
        Chain.disordered(
            length: settings.length, disorder: 1, noiseSite: settings.length / 2 - 1, gamma: gamma,
            seed: settings.seed, realization: 0)
    }

    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        [
            ValidationCheck(name: "lindblad: trace conserved (max |Tr rho - 1|)") {
                let c = chain(settings)
                let out = try? LindbladSolver(options: .init(observables: [.trace])).run(
                    chain: c, initial: .ground(particles: c.length / 2), times: [0, 1, 5, 20])
                guard case .scalar(let tr)? = out?.observables[.trace] else {
                    return failed("lindblad: trace conserved")
                }
                return CheckResult(
                    name: "lindblad: trace conserved (max |Tr rho - 1|)",
                    measured: tr.map { abs($0 - 1) }.max()!, tolerance: 1e-10)
            },
            ValidationCheck(name: "lindblad: rho positive (-min eigenvalue)") {
                let c = chain(settings)
                let occ = InitialState.randomOccupations(
                    length: c.length, particles: c.length / 2, seed: settings.seed, realization: 0)
                let out = try? LindbladSolver(options: .init(observables: [.entropyVN])).run(
                    chain: c, initial: .product(occupations: occ), times: [0.5, 2, 10])
                guard let e = out?.smallestEigenvalues else {
                    return failed("lindblad: rho positive")
                }
                return CheckResult(
                    name: "lindblad: rho positive (-min eigenvalue)", measured: max(0, -e.min()!),
                    tolerance: 1e-10)
            },
            ValidationCheck(name: "lindblad: I/d stationary (max |A(I/d)|)") {
                let c = chain(settings, gamma: 1.3)
                let sector = FockSector(length: c.length, particles: c.length / 2)
                let h = SectorHamiltonian(chain: c, sector: sector, spectrum: c.spectrum())
                let g = LindbladGenerator(
                    hamiltonian: h, sector: sector, noiseSites: c.noiseSites, gammas: c.gammas)
                let d = sector.dimension
                var mixed = ComplexMatrix(rows: d, columns: d)
                for a in 0..<d { mixed.re[a * d + a] = 1 / Double(d) }
                var out = ComplexMatrix(rows: d, columns: d)
                g.apply(mixed, into: &out)
                return CheckResult(
                    name: "lindblad: I/d stationary (max |A(I/d)|)",
                    measured: (out.re + out.im).map(abs).max()!, tolerance: 1e-14)
            },
            ValidationCheck(name: "lindblad: gamma=0 energy and purity conserved (max drift)") {
                // The I/d row holds for any Hermitian H; this one sees a wrong H_A: the energy is
                // measured as Tr(h rho_s) from the chain's h, so it is conserved only if the
                // sector Hamiltonian that propagates rho is that h's (hops and signs included).
                let name = "lindblad: gamma=0 energy and purity conserved (max drift)"
                let c = chain(settings, gamma: 0)
                let occ = InitialState.randomOccupations(
                    length: c.length, particles: c.length / 2, seed: settings.seed, realization: 1)
                guard
                    let out = try? LindbladSolver(options: .init(observables: [.energy, .purity]))
                        .run(
                            chain: c, initial: .product(occupations: occ), times: [0, 1, 3, 10]),
                    case .scalar(let e)? = out.observables[.energy],
                    case .scalar(let p)? = out.observables[.purity]
                else { return failed(name) }
                return CheckResult(
                    name: name,
                    measured: max(e.map { abs($0 - e[0]) }.max()!, p.map { abs($0 - 1) }.max()!),
                    tolerance: 1e-9)
            },
            ValidationCheck(name: "lindblad: long-time energy, L=4 (|E - N/L sum w|)") {
                let c = Chain(potentials: [0.3, -0.5, 0.8, -0.1], noiseSite: 1, gamma: 1)
                let out = try? LindbladSolver(options: .init(observables: [.energy])).run(
                    chain: c, initial: .ground(particles: 2), times: [400])
                guard case .scalar(let e)? = out?.observables[.energy] else {
                    return failed("lindblad: long-time energy")
                }
                return CheckResult(
                    name: "lindblad: long-time energy, L=4 (|E - N/L sum w|)",
                    measured: abs(e[0] - c.infiniteTemperatureEnergy(particles: 2)), tolerance: 1e-9
                )
            },
        ]
    }

    package static func failed(_ name: String) -> CheckResult {
        CheckResult(name: name, measured: .infinity, tolerance: 0)
    }
}

import Foundation
import ChainModel
import LinearAlgebra
import RunSpecification
import Statistics
import NoiseClosure
import CrossChecks

/// The exact noise average of the paper's scheme (eq. 8, U = exp(-i h dt - i theta P)) at
/// the submitted times: rho_s advanced by `PaperSchemeAverage` (Gauss-Hermite quadrature
/// over the kick angle, near machine precision; one noisy site), and the closure's
/// observables of it: energy Tr(rho_s h), absorbed energy, density (rho_s)_ii, eigenstate
/// populations and, for an excitation, the transport widths (eq. 18, root of the averaged
/// second moment over realizations).
enum PaperSchemeObservables {
    /// Operations one run may take (8 L^3 per quadrature node and step, all realizations):
    /// about 10 minutes at 1e10 operations/s.
    static let maxOperations = 6e12

    static func average(spec: RunSpec, dt: Double) throws -> Observables {
        let times = spec.times, l = spec.chain.length
        let steps = try TimeGrid.steps(to: times, dt: dt)
        let nodes =
            spec.chain.gammas.map { PaperSchemeAverage.nodeCount(gamma: $0, dt: dt) }
            .max() ?? 4
        let work =
            8 * pow(Double(l), 3) * Double(nodes) * Double(steps.last ?? 0)
            * Double(spec.chain.realizations)
        guard work <= maxOperations else {
            throw InputError(
                option: "scheme", value: "paper",
                allowed: String(format: "its exact average needs %.1e operations here", work)
                    + String(
                        format: " (at most %.0e: fewer sites, steps or realizations)", maxOperations
                    ))
        }
        let solver = ClosureSolver(options: .init(observables: Set(spec.observables ?? [])))
        let layout = solver.layout(
            length: l, initial: spec.initialState(realization: 0), times: times.count)
        var total = RunningStatistics(dimension: layout.dimension)
        for r in 0..<spec.chain.realizations {
            let chain = spec.chain(realization: r), initial = spec.initialState(realization: r)
            let spectrum = chain.spectrum()
            let average = try PaperSchemeAverage(chain: chain, dt: dt)
            var x = ClosureSolver.initialDensityMatrix(
                chain: chain, spectrum: spectrum, initial: initial)
            let initialEnergy = chain.energy(of: x)
            var series = SeriesBuilder()
            var done = 0
            for n in steps {
                for _ in done..<n { x = average.step(x) }
                done = n
                let density = (0..<l).map { x.re[$0 * l + $0] }
                for (observable, _) in layout.entries {
                    switch observable {
                    case .trace: series.append(observable, scalar: x.trace.real)
                    case .energy: series.append(observable, scalar: chain.energy(of: x))
                    case .absorbedEnergy:
                        series.append(observable, scalar: chain.energy(of: x) - initialEnergy)
                    case .density: series.append(observable, vector: density)
                    case .populations:
                        let eigen = x.congruence(spectrum.vectors, transposeFirst: true)
                        series.append(observable, vector: (0..<l).map { eigen.re[$0 * l + $0] })
                    case .rmsWidth, .rmsDisplacement:
                        if case .excitation(let j) = initial {
                            series.append(
                                observable,
                                scalar: Transport.value(observable, profile: density, site: j))
                        }
                    case .rhoS: series.append(observable, complexMatrix: x)
                    default: break
                    }
                }
            }
            total.add(layout.flatten(series.observables))
        }
        return layout.observables(mean: total.mean, standardError: nil)
    }
}

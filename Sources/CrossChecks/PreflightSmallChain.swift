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

/// The exact checks of the preflight at the run's physics on a small chain
/// (`PreflightPlan.reduced`): the run's J, W, gamma, scheme and dt, the noisy site at the same
/// relative position, at 5, 20 and 40 steps:
/// - many-body Lindblad = exact closure (rho_s; the closure is what the bias is measured
///   against), both at the user's `--tolerance`, so the largest entry difference is held to
///   the sum of their error bounds carried to an entry of rho_s (`manyBodyBound`),
/// - trajectories of the scheme = the exact average of that scheme (energy and densities,
///   k standard errors with k the family-wise (Bonferroni, Student-t) threshold at 1e-3 for all the
///   points,
///   a 1e-12 relative round-off allowance in quadrature, no point skipped),
/// - the scheme's bias against the exact closure shrinks with its order between dt and dt/4,
/// - the master equation (c = gamma) against the closure's eigenstate populations at
///   gamma t = 25..400 (`PrefactorFit`; an estimate: the master equation is the weak-noise
///   limit, so its distance measures the parameters, not a bug).
package enum PreflightSmallChain {
    package static let group = "preflight.small-chain"

    package static func rows(plan: PreflightPlan, settings: PreflightSettings) -> [ReportRow] {
        var small = plan.reduced(to: settings.checkLength)
        small.observables = nil
        small.times = [5, 20, 40].map { Double($0) * plan.dt }
        let label = "small chain L=\(small.length)"
        return [
            timed { manyBody(small, label: label, tolerance: settings.tolerance) },
            timed { trajectories(small, label: label, noise: settings.checkNoise) },
            timed { order(small, label: label, tolerance: settings.tolerance) },
            timed { master(small, label: label) },
        ]
    }

    package static func timed(_ body: () -> ReportRow) -> ReportRow {
        let start = Date()
        var row = body()
        row.seconds = Date().timeIntervalSince(start)
        return row
    }

    package static func failure(_ name: String, _ error: any Error) -> ReportRow {
        ReportRow(
            group: group, name: name, measured: .infinity, tolerance: 0, criterion: "runs",
            outcome: .fail, detail: "\(error)")
    }

    package static func manyBody(
        _ small: PreflightPlan, label: String, tolerance: Double
    ) -> ReportRow {
        let name = "\(label): lindblad = closure exact, rho_s (max |diff|)"
        let chain = small.chain(realization: 0)
        var initial = small.initial(realization: 0)
        if case .excitation(let j) = initial {  // one particle on site j: the same rho_s
            initial = .product(occupations: (0..<small.length).map { $0 == j ? 1 : 0 })
        }
        do {
            let mb = try LindbladSolver(options: .init(tolerance: tolerance, observables: [.rhoS]))
                .run(chain: chain, initial: initial, times: small.times)
            let cl = try ClosureSolver(options: .init(tolerance: tolerance, observables: [.rhoS]))
                .run(chain: chain, initial: initial, times: small.times)
            guard case .complexMatrix(let a)? = mb.observables[.rhoS],
                case .complexMatrix(let b)? = cl[.rhoS]
            else {
                return failure(
                    name,
                    InputError(
                        option: Observable.rhoS.rawValue, value: "missing",
                        allowed: "both solvers produce it"))
            }
            let worst = zip(a, b).map { $0.maxDifference($1) }.max() ?? .infinity
            let bound = manyBodyBound(
                sector: FockSector.binomial(small.length, initial.particles) ?? Int.max,
                particles: initial.particles, tolerance: tolerance)
            return ReportRow(
                CheckResult(
                    name: name, measured: worst, tolerance: bound,
                    criterion: String(format: "<= %.3g", bound)),
                group: group)
        } catch {
            return failure(name, error)
        }
    }

    /// What the two exact solvers may differ by in an entry of rho_s, both run at `tolerance`
    /// (the Taylor core's Frobenius bound, tolerance ||X(0)||_F at every output time):
    /// - the closure: ||rho_s(0)||_F = sqrt(N) (a Slater projector of rank N), so an entry errs
    ///   by at most tolerance sqrt(N);
    /// - the many-body state: ||rho(0)||_F = 1 (pure), and an entry of rho_s is
    ///   Tr(rho c_i^dag c_j), whose error is at most ||delta rho||_F ||c_i^dag c_j||_F <=
    ///   tolerance sqrt(d) in a sector of dimension d;
    /// plus 1e-12 for round-off (measured 6e-12 at tolerance 1e-10 with both bounds near
    /// 1e-9: the round-off of the Taylor sums stays below the tolerance by construction, see
    /// `TaylorPropagator.maxTheta`, and 1e-12 covers it at the smallest tolerance, 1e-14).
    package static func manyBodyBound(
        sector d: Int, particles n: Int, tolerance: Double
    )
        -> Double
    {
        tolerance * (Double(d).squareRoot() + Double(n).squareRoot()) + 1e-12
    }

    package static func trajectories(_ small: PreflightPlan, label: String, noise: Int) -> ReportRow
    {
        let name =
            "\(label): trajectories \(small.scheme.rawValue) dt=\(small.dt) = average of "
            + "the scheme (max |z|)"
        let chain = small.chain(realization: 0), initial = small.initial(realization: 0)
        do {
            let q = PreflightQuantities(plan: small)
            let expected = try PreflightExact.series(
                plan: small, quantities: q, realization: 0, method: .scheme(dt: small.dt),
                tolerance: 1e-12)
            let solver = TrajectorySolver(
                options: .init(
                    scheme: small.scheme, dt: small.dt, noiseRealizations: noise, seed: small.seed,
                    observables: [.energy, .density]))
            let stats = try solver.run(
                chain: chain, initial: initial, times: small.times, realization: 0)
            let layout = solver.layout(
                length: small.length, initial: initial, times: small.times.count)
            guard let se = stats.standardError else {
                return failure(
                    name, InputError(option: "check_noise", value: "\(noise)", allowed: ">= 2"))
            }
            var worst = 0.0, points = 0
            for (entry, size) in [(Observable.energy, 1), (.density, small.length)] {
                for t in small.times.indices {
                    for c in 0..<size {
                        let n = layout.offset(of: entry, time: t, index: c)!,
                            e = expected[q.offset(entry, time: t, index: c)]
                        let allowance = 1e-12 * (1 + abs(e))
                        worst = max(
                            worst,
                            abs(stats.mean[n] - e)
                                / (se[n] * se[n] + allowance * allowance).squareRoot())
                        points += 1
                    }
                }
            }
            let k = ResultComparison.familyThreshold(
                points: points, confidence: 0.999, degreesOfFreedom: Double(noise - 1))
            return ReportRow(
                CheckResult(
                    name: name, measured: worst, tolerance: k,
                    criterion: String(format: "|z| <= %.2f (%d points)", k, points)),
                group: group,
                detail: "\(noise) trajectories against the scheme's exact noise average")
        } catch {
            return failure(name, error)
        }
    }

    package static func order(_ small: PreflightPlan, label: String, tolerance: Double) -> ReportRow
    {
        let nominal = small.scheme.weakOrder ?? 0
        let name = "\(label): \(small.scheme.rawValue) weak order of the bias, dt..dt/4 (rho_s)"
        do {
            let q = PreflightQuantities(plan: small)
            let rho = (0..<small.times.count).flatMap { t in
                (0..<q.size(.rhoS)).map { q.offset(.rhoS, time: t, index: $0) }
            }
            let exact = try PreflightExact.series(
                plan: small, quantities: q, realization: 0, method: .exact,
                tolerance: min(tolerance, 1e-12))
            let errors = try [1.0, 2, 4].map { divisor -> (dt: Double, error: Double) in
                let dt = small.dt / divisor
                let s = try PreflightExact.series(
                    plan: small, quantities: q, realization: 0, method: .scheme(dt: dt),
                    tolerance: tolerance)
                return (dt, rho.map { abs(s[$0] - exact[$0]) }.max() ?? 0)
            }
            if errors[0].error <= 1e-12 {
                return ReportRow(
                    CheckResult(
                        name: "\(label): \(small.scheme.rawValue) bias at dt (max |diff|, rho_s)",
                        measured: errors[0].error, tolerance: 1e-12),
                    group: group,
                    detail: "the scheme is exact at these parameters (no noise to split from h)")
            }
            let range = (nominal - 0.2)...(nominal + 0.2)
            return ReportRow(
                CheckResult(name: name, measured: ConvergenceOrder.fit(errors), within: range),
                group: group,
                detail: String(
                    format: "max |bias| %.3e, %.3e, %.3e at dt, dt/2, dt/4", errors[0].error,
                    errors[1].error, errors[2].error))
        } catch {
            return failure(name, error)
        }
    }

    package static func master(_ small: PreflightPlan, label: String) -> ReportRow {
        let chain = small.chain(realization: 0)
        let name = "\(label): master vs closure eigenstate populations (TV distance, c = gamma)"
        guard chain.noiseSites.count == 1 else {
            return ReportRow(
                group: group, name: name, measured: 0, tolerance: .infinity, criterion: "estimate",
                outcome: .estimate,
                detail: "several noisy sites: the prefactor fit is made for one")
        }
        let gamma = chain.gammas[0]
        guard gamma > 0 else {
            return ReportRow(
                group: group, name: name, measured: 0, tolerance: .infinity, criterion: "estimate",
                outcome: .estimate,
                detail: "gamma = 0: no transitions")
        }
        let fit = PrefactorFit(chain: chain, times: [25, 50, 100, 200, 400].map { $0 / gamma })
        return ReportRow(
            group: group, name: name, measured: fit.totalVariation(c: gamma), tolerance: .infinity,
            criterion: "estimate (weak-noise limit)", outcome: .estimate,
            detail: String(
                format: "best-fitting prefactor c = %.3f gamma", fit.bestPrefactor() / gamma))
    }
}

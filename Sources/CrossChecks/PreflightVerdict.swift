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

/// The verdict of the preflight for one observable with an exact noise average: its exact
/// time-step bias at every output time against the standard error the planned run will have.
///
/// ratio(t) = |bias(t)| / sqrt(planned_stderr(t)^2 + allowance(t)^2), the allowance being the
/// exact closure's error bound (tolerance ||rho_s(0)||_F times the observable's Frobenius
/// weight: ||h||_F for the energy, 1 for an entry, sqrt(sum (i-j)^4) for the moment) plus
/// round-off (1e-15 per step, relative): so a time where both vanish (t = 0) is no failure.
/// The observable passes when max over times and components of ratio <= budget.
/// `bias(t)` is the signed bias of a scalar observable; for a vector or matrix observable the
/// largest |bias| over its components, `plannedStderr(t)` being the planned error of that
/// component; the verdict looks at every component.
public struct ObservableVerdict: Sendable {
    public let name: Observable
    public let bias: [Double]
    public let plannedStderr: [Double]
    public let worstRatio: Double
    public let worstTime: Double
    /// Component (site, or flat matrix entry) of the worst ratio, its bias and planned stderr.
    public let worstComponent: Int
    public let worstBias: Double
    public let worstStderr: Double
    public let passed: Bool
    /// p from bias(dt) / bias(dt/2) = 2^p on the first sampled realization; nil when the bias
    /// vanishes there.
    public let order: Double?
    /// dt (budget / worstRatio)^(1/p): the largest dt of the scheme that would pass; nil when
    /// there is no bias, no usable order, or the worst point has no noise. At most 10 (the
    /// largest --dt).
    public let largestDt: Double?
    /// The worst point's planned stderr is below its round-off allowance: the run has no noise
    /// there (e.g. the density one Lie step after a state commuting with n_k), so any bias at
    /// that point fails and no step size is suggested from it.
    public let noiseless: Bool
    /// Realizations (one chain: noise realizations) for --target-stderr at every time and
    /// component.
    public let needed: Int?
}

/// The nonlinear observables' time-step effect, from pilot runs at dt and dt/2 on the same
/// Brownian paths: an estimate with its standard error, not a verdict (no exact average exists).
public struct ObservableEstimate: Sendable {
    public let name: Observable
    /// Per time: the largest |difference| over components, its standard error, and the planned
    /// standard error of that component.
    public let difference: [Double]
    public let stderr: [Double]
    public let plannedStderr: [Double]
    /// max |difference| / planned_stderr over times and components (what the verdict would read).
    public let worstRatio: Double
    public let worstTime: Double
}

/// Judges the preflight's numbers: verdicts for the observables with an exact average,
/// estimates for the others.
package struct PreflightJudge {
    /// Largest step the CLI accepts.
    package static let maxDt = 10.0

    package let plan: PreflightPlan
    package let settings: PreflightSettings
    package let quantities: PreflightQuantities
    package let exact: PreflightExact
    package let pilot: PreflightPilot
    /// planned_stderr^2 and the variance of one realization's mean, per pilot component.
    package let planned: [Double]
    package let unit: [Double]
    /// tolerance ||rho_s(0)||_F, ||h||_F, sqrt(sum_i (i - j)^4): the closure's error bound and
    /// weights.
    package let closureError: Double
    package let hNorm: Double
    package let momentWeight: Double

    package init(
        plan: PreflightPlan, settings: PreflightSettings, quantities: PreflightQuantities,
        exact: PreflightExact, pilot: PreflightPilot
    ) {
        self.plan = plan
        self.settings = settings
        self.quantities = quantities
        self.exact = exact
        self.pilot = pilot
        let components = VarianceComponents(blocks: pilot.blocks, singleChain: plan.singleChain)
        planned = components.plannedVariance(
            realizations: plan.realizations, noise: plan.noiseRealizations)
        unit = components.unitVariance(noise: plan.noiseRealizations)
        closureError =
            settings.tolerance * Double(plan.initial(realization: 0).particles).squareRoot()
        let h = plan.chain(realization: 0)
        hNorm =
            (h.potentials.map { $0 * $0 }.reduce(0, +) + 2 * Double(plan.length - 1) * plan.hopping
            * plan.hopping).squareRoot()
        momentWeight =
            quantities.site.map { j in
                (0..<plan.length).map { pow(Double($0 - j), 4) }.reduce(0, +).squareRoot()
            } ?? 0
    }

    /// One (time, component) point of an observable.
    package struct Point {
        /// Bias over the sample; of the first realization at dt and at dt/2.
        package var bias, first, half: Double
        package var stderr, allowance: Double
        /// Variance of one realization's mean (one chain: of one trajectory).
        package var unit: Double
    }

    package func point(_ name: Observable, time t: Int, component c: Int) -> Point {
        let roundOff = 1e-15 * (plan.times[t] / plan.dt).rounded()
        guard name.isTransport else {
            let k = quantities.offset(name, time: t, index: c),
                p = pilot.offset(name, time: t, index: c)
            return Point(
                bias: exact.scheme[k] - exact.exact[k],
                first: exact.firstScheme[k] - exact.firstExact[k],
                half: exact.firstHalf[k] - exact.firstExact[k], stderr: planned[p].squareRoot(),
                allowance: hypot(
                    closureError * (name == .energy ? hNorm : 1) + roundOff
                        * (1 + abs(exact.exact[k])), exact.truncation[k]), unit: unit[p])
        }
        // R = f sqrt([m]) (f = 1 width, 1/2 displacement); SE_R = f SE_m / (2 sqrt([m])).
        let f = name == .rmsDisplacement ? 0.5 : 1
        let k = quantities.offset(.secondMoment, time: t), p = pilot.momentOffset + t
        let r = exact.scheme[k].squareRoot()
        func root(_ v: [Double]) -> Double { f * v[k].squareRoot() }
        let momentError = hypot(
            closureError * momentWeight + roundOff * (1 + exact.exact[k]), exact.truncation[k])
        return Point(
            bias: root(exact.scheme) - root(exact.exact),
            first: root(exact.firstScheme) - root(exact.firstExact),
            half: root(exact.firstHalf) - root(exact.firstExact),
            stderr: r > 0 ? f * planned[p].squareRoot() / (2 * r) : 0,
            allowance: f * min(momentError.squareRoot(), r > 0 ? momentError / (2 * r) : .infinity),
            unit: r > 0 ? f * f * unit[p] / (4 * r * r) : 0)
    }

    package func verdicts() -> [ObservableVerdict] { plan.exactObservables.map(verdict) }

    package func verdict(_ name: Observable) -> ObservableVerdict {
        let count = name.isTransport ? 1 : quantities.size(name)
        var bias: [Double] = [], stderr: [Double] = []
        var worst = (
            ratio: 0.0, time: 0.0, component: 0,
            point: Point(bias: 0, first: 0, half: 0, stderr: 0, allowance: 0, unit: 0)
        )
        var first = 0.0, half = 0.0, needed = 0.0
        for (t, time) in plan.times.enumerated() {
            var largest = (bias: 0.0, stderr: 0.0)
            for c in 0..<count {
                let x = point(name, time: t, component: c)
                let scale = (x.stderr * x.stderr + x.allowance * x.allowance).squareRoot()
                let ratio = abs(x.bias) / scale
                if ratio > worst.ratio { worst = (ratio, time, c, x) }
                first = max(first, abs(x.first) / scale)
                half = max(half, abs(x.half) / scale)
                needed = max(needed, x.unit)
                if c == 0 || abs(x.bias) > largest.bias {
                    largest = (count == 1 ? x.bias : abs(x.bias), x.stderr)
                }
            }
            bias.append(largest.bias)
            stderr.append(largest.stderr)
        }
        let order = first > 0 && half > 0 ? log2(first / half) : nil
        let noiseless = worst.ratio > 0 && worst.point.stderr <= worst.point.allowance
        var largestDt: Double?
        if worst.ratio > 0, !noiseless, let p = order, p > 0, p.isFinite {
            largestDt = min(plan.dt * pow(settings.budget / worst.ratio, 1 / p), Self.maxDt)
        }
        return ObservableVerdict(
            name: name, bias: bias, plannedStderr: stderr, worstRatio: worst.ratio,
            worstTime: worst.time,
            worstComponent: worst.component, worstBias: worst.point.bias,
            worstStderr: worst.point.stderr,
            passed: worst.ratio <= settings.budget, order: order, largestDt: largestDt,
            noiseless: noiseless,
            needed: settings.targetStderr.map { Int((needed / ($0 * $0)).rounded(.up)) })
    }

    package func estimates() -> [ObservableEstimate] {
        guard pilot.companions.count >= 2 else { return [] }
        var stats = RunningStatistics(dimension: pilot.companions[0].count)
        for d in pilot.companions { stats.add(d) }
        let se = stats.standardError!
        return pilot.nonlinearLayout.entries.map { name, shape in
            var difference: [Double] = [], stderr: [Double] = [], plannedStderr: [Double] = []
            var worst = (ratio: 0.0, time: 0.0)
            for (t, time) in plan.times.enumerated() {
                var largest = (d: -1.0, se: 0.0, planned: 0.0)
                for c in 0..<shape.size {
                    let k = pilot.nonlinearLayout.offset(of: name, time: t, index: c)!
                    let d = stats.mean[k],
                        plannedSE = planned[pilot.offset(name, time: t, index: c)].squareRoot()
                    // 1e-12 round-off allowance
                    let ratio = abs(d) / (plannedSE * plannedSE + 1e-24).squareRoot()
                    if ratio > worst.ratio { worst = (ratio, time) }
                    if abs(d) > largest.d { largest = (abs(d), se[k], plannedSE) }
                }
                difference.append(largest.d)
                stderr.append(largest.se)
                plannedStderr.append(largest.planned)
            }
            return ObservableEstimate(
                name: name, difference: difference, stderr: stderr, plannedStderr: plannedStderr,
                worstRatio: worst.ratio,
                worstTime: worst.time)
        }
    }
}

extension PreflightPilot {
    /// Offset of component `index` of `name` at time number t in a pilot vector.
    package func offset(_ name: Observable, time t: Int, index: Int = 0) -> Int {
        layout.offset(of: name, time: t, index: index)!
    }
}

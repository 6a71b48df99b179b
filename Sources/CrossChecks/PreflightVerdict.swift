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
/// The rule, per output time t (what a run is read for: each observable as a whole, at the
/// times it is written):
///     ratio(t) = |bias(t)| / sqrt(planned_stderr(t)^2 + allowance(t)^2),
/// where for a scalar (energy, rms_width, rms_displacement) bias is signed and the others its
/// own numbers, and for a vector or matrix (density over the L sites, rho_s over its 2 L^2
/// real components) every quantity is the Euclidean norm over the components: the bias of the
/// profile as a whole against the planned error of the profile as a whole, so a far-tail site
/// where both are at the noise floor cannot decide it. The allowance is what the exact
/// reference may err by: the exact closure's error bound (tolerance ||rho_s(0)||_F times the
/// observable's Frobenius weight: ||h||_F for the energy, 1 for an entry, sqrt(sum (i-j)^4)
/// for the moment), round-off (1e-15 per step, relative) and the truncation of a window
/// (`PreflightExact.truncation`), so a time where all vanish (t = 0) is no failure.
/// The observable passes when ratio(t) <= budget at every output time inside the verdict's
/// window (`PreflightSettings.window`); `failingTimes` lists those where it does not.
public struct ObservableVerdict: Sendable {
    public let name: Observable
    /// Per output time: the bias (signed for a scalar; a norm otherwise), the planned stderr and
    /// the allowance (norms over the components for a vector), and the ratio judged.
    public let bias: [Double]
    public let plannedStderr: [Double]
    public let allowance: [Double]
    public let ratio: [Double]
    /// Per output time: inside the verdict's window.
    public let judged: [Bool]
    /// The judged output times whose ratio exceeds the budget, in order.
    public let failingTimes: [Double]
    /// The largest judged ratio and its time.
    public let worstRatio: Double
    public let worstTime: Double
    public let passed: Bool
    /// p from bias(dt) / bias(dt/2) = 2^p on the first sampled realization (the largest ratio
    /// of each over the early output times where dt/2 is run, `PreflightExact.orderPlan`);
    /// nil when the bias vanishes there.
    public let order: Double?
    /// dt (budget / worstRatio)^(1/p), p the smaller of `order` and the scheme's weak order:
    /// the largest dt of the scheme that would pass; nil when
    /// there is no bias, no usable order, or the worst point has no noise. At most 10 (the
    /// largest --dt).
    public let largestDt: Double?
    /// The worst time's planned stderr is below its allowance: the run has no noise there
    /// (e.g. the density one Lie step after a state commuting with n_k), so any bias there
    /// fails and no step size is suggested from it.
    public let noiseless: Bool
    /// Realizations (one chain: noise realizations) for --target-stderr at every time and
    /// component.
    public let needed: Int?

    /// The run's output times.
    public let times: [Double]

    /// The judged output times, in order.
    public var judgedTimes: [Double] { times.indices.filter { judged[$0] }.map { times[$0] } }

    /// The judged output times within the budget other than t = 0 (where there is no bias).
    public var passingTimes: [Double] {
        judgedTimes.filter { $0 > 0 && !failingTimes.contains($0) }
    }

    /// The failing times all come before every passing time (t > 0): the bias exceeds the
    /// budget only at the start, where the planned error is smallest.
    public var failsOnlyEarly: Bool {
        guard let last = failingTimes.last, let first = passingTimes.first else { return false }
        return last < first
    }

    /// The failing times all come after every passing time.
    public var failsOnlyLate: Bool {
        guard let first = failingTimes.first, let last = passingTimes.last else { return false }
        return first > last
    }

    /// |bias| / sqrt(stderr^2 + allowance^2), 0 where there is no bias.
    package static func ratio(_ bias: Double, stderr: Double, allowance: Double) -> Double {
        bias == 0 ? 0 : abs(bias) / (stderr * stderr + allowance * allowance).squareRoot()
    }

    /// The verdict from the per-time numbers; `largestDt` extrapolates from the worst judged
    /// time with p = min(order, weakOrder) up to `maxDt`: a measured order above the scheme's
    /// weak order is pre-asymptotic (the bias falls more slowly at smaller dt).
    package init(
        name: Observable, times: [Double], bias: [Double], plannedStderr: [Double],
        allowance: [Double], judged: [Bool], budget: Double, order: Double?, dt: Double,
        weakOrder: Double?, maxDt: Double, needed: Int?
    ) {
        self.name = name
        self.times = times
        self.bias = bias
        self.plannedStderr = plannedStderr
        self.allowance = allowance
        self.judged = judged
        let ratio = bias.indices.map {
            Self.ratio(bias[$0], stderr: plannedStderr[$0], allowance: allowance[$0])
        }
        self.ratio = ratio
        let inside = ratio.indices.filter { judged[$0] }
        failingTimes = inside.filter { ratio[$0] > budget }.map { times[$0] }
        let worst = inside.max { ratio[$0] < ratio[$1] }
        let largest = worst.map { ratio[$0] } ?? 0
        worstRatio = largest
        worstTime = worst.map { times[$0] } ?? 0
        passed = failingTimes.isEmpty
        self.order = order
        let quiet = worst.map { largest > 0 && plannedStderr[$0] <= allowance[$0] } ?? false
        noiseless = quiet
        if largest > 0, !quiet, let measured = order, measured > 0, measured.isFinite {
            let p = min(measured, weakOrder ?? measured)
            largestDt = min(dt * pow(budget / largest, 1 / p), maxDt)
        } else {
            largestDt = nil
        }
        self.needed = needed
    }
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
        var bias: [Double] = [], stderr: [Double] = [], allowance: [Double] = []
        var first: [Double] = [], half: [Double] = []
        var needed = 0.0
        for t in plan.times.indices {
            var b = 0.0, s = 0.0, a = 0.0, f = 0.0, h = 0.0, scalar = 0.0
            for c in 0..<count {
                let x = point(name, time: t, component: c)
                b += x.bias * x.bias
                s += x.stderr * x.stderr
                a += x.allowance * x.allowance
                f += x.first * x.first
                h += x.half * x.half
                needed = max(needed, x.unit)
                scalar = x.bias
            }
            bias.append(count == 1 ? scalar : b.squareRoot())
            stderr.append(s.squareRoot())
            allowance.append(a.squareRoot())
            first.append(f.squareRoot())
            half.append(h.squareRoot())
        }
        // The order from the times where the run at dt/2 was made (`PreflightExact.orderPlan`).
        let measured = plan.times.indices.filter { half[$0].isFinite }
        func largest(_ v: [Double]) -> Double {
            measured.map {
                ObservableVerdict.ratio(v[$0], stderr: stderr[$0], allowance: allowance[$0])
            }.filter(\.isFinite).max() ?? 0
        }
        let f = largest(first), h = largest(half)
        return ObservableVerdict(
            name: name, times: plan.times, bias: bias, plannedStderr: stderr,
            allowance: allowance, judged: plan.times.map(settings.window.contains),
            budget: settings.budget, order: f > 0 && h > 0 ? log2(f / h) : nil, dt: plan.dt,
            weakOrder: plan.scheme.weakOrder, maxDt: Self.maxDt,
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

import Foundation

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
    public let name: String
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
    /// Realizations (one chain: noise realizations) for --target-stderr at every time and component.
    public let needed: Int?
}

/// The nonlinear observables' time-step effect, from pilot runs at dt and dt/2 on the same
/// Brownian paths: an estimate with its standard error, not a verdict (no exact average exists).
public struct ObservableEstimate: Sendable {
    public let name: String
    /// Per time: the largest |difference| over components, its standard error, and the planned
    /// standard error of that component.
    public let difference: [Double]
    public let stderr: [Double]
    public let plannedStderr: [Double]
    /// max |difference| / planned_stderr over times and components (what the verdict would read).
    public let worstRatio: Double
    public let worstTime: Double
}

enum PreflightJudge {
    /// Largest step the CLI accepts.
    static let maxDt = 10.0

    static func verdicts(
        plan: PreflightPlan, settings: PreflightSettings, quantities q: PreflightQuantities, exact: PreflightExact,
        pilot: PreflightPilot, planned: [Double], unit: [Double]
    ) -> [ObservableVerdict] {
        let chain = plan.chain(realization: 0)
        let x0 = plan.initial(realization: 0).particles
        let closureError = settings.tolerance * Double(x0).squareRoot()
        let hNorm = (chain.potentials.map { $0 * $0 }.reduce(0, +) + 2 * Double(plan.length - 1) * plan.hopping * plan.hopping).squareRoot()
        let momentWeight = q.site.map { j in (0..<plan.length).map { pow(Double($0 - j), 4) }.reduce(0, +).squareRoot() } ?? 0
        return plan.exactObservables.map { name in
            let rms = name == "rms_width" || name == "rms_displacement"
            let factor = name == "rms_displacement" ? 0.5 : 1
            let count = rms ? 1 : q.size(name)
            var bias: [Double] = [], stderr: [Double] = []
            var worst = (ratio: 0.0, time: 0.0, component: 0, bias: 0.0, stderr: 0.0, allowance: 0.0)
            var first = 0.0, half = 0.0
            var needed = 0.0
            for (t, time) in plan.times.enumerated() {
                let roundOff = 1e-15 * (time / plan.dt).rounded()
                var largest = (bias: 0.0, stderr: 0.0)
                for c in 0..<count {
                    let b: Double, b1: Double, bh: Double, se: Double, allowance: Double, u: Double
                    if rms {
                        let k = q.offset("second_moment", time: t), p = pilot.momentOffset + t
                        let r = exact.scheme[k].squareRoot()
                        func root(_ v: [Double]) -> Double { factor * v[k].squareRoot() }
                        b = root(exact.scheme) - root(exact.exact)
                        b1 = root(exact.firstScheme) - root(exact.firstExact)
                        bh = root(exact.firstHalf) - root(exact.firstExact)
                        let momentError = closureError * momentWeight + roundOff * (1 + exact.exact[k])
                        se = r > 0 ? factor * planned[p].squareRoot() / (2 * r) : 0
                        u = r > 0 ? factor * factor * unit[p] / (4 * r * r) : 0
                        allowance = factor * min(momentError.squareRoot(), r > 0 ? momentError / (2 * r) : .infinity)
                    } else {
                        let k = q.offset(name, time: t, index: c), p = pilot.offset(name, time: t, index: c)
                        b = exact.scheme[k] - exact.exact[k]
                        b1 = exact.firstScheme[k] - exact.firstExact[k]
                        bh = exact.firstHalf[k] - exact.firstExact[k]
                        se = planned[p].squareRoot()
                        u = unit[p]
                        allowance = closureError * (name == "energy" ? hNorm : 1) + roundOff * (1 + abs(exact.exact[k]))
                    }
                    let scale = (se * se + allowance * allowance).squareRoot()
                    let ratio = abs(b) / scale
                    if ratio > worst.ratio { worst = (ratio, time, c, b, se, allowance) }
                    first = max(first, abs(b1) / scale)
                    half = max(half, abs(bh) / scale)
                    needed = max(needed, u)
                    if abs(b) > abs(largest.bias) || c == 0 { largest = (count == 1 ? b : abs(b), se) }
                }
                bias.append(largest.bias)
                stderr.append(largest.stderr)
            }
            let order = first > 0 && half > 0 ? log2(first / half) : nil
            let noiseless = worst.ratio > 0 && worst.stderr <= worst.allowance
            var largestDt: Double?
            if worst.ratio > 0, !noiseless, let p = order, p > 0, p.isFinite {
                largestDt = min(plan.dt * pow(settings.budget / worst.ratio, 1 / p), maxDt)
            }
            let target = settings.targetStderr.map { Int((needed / ($0 * $0)).rounded(.up)) }
            return ObservableVerdict(
                name: name, bias: bias, plannedStderr: stderr, worstRatio: worst.ratio, worstTime: worst.time,
                worstComponent: worst.component, worstBias: worst.bias, worstStderr: worst.stderr, passed: worst.ratio <= settings.budget, order: order,
                largestDt: largestDt, noiseless: noiseless, needed: target)
        }
    }

    static func estimates(plan: PreflightPlan, pilot: PreflightPilot, planned: [Double]) -> [ObservableEstimate] {
        guard pilot.companions.count >= 2 else { return [] }
        var stats = RunningStatistics(dimension: pilot.companions[0].count)
        for d in pilot.companions { stats.add(d) }
        let se = stats.standardError!
        var start = 0
        return pilot.nonlinearLayout.entries.map { name, shape in
            let size = shape.size
            var difference: [Double] = [], stderr: [Double] = [], plannedStderr: [Double] = []
            var worst = (ratio: 0.0, time: 0.0)
            for (t, time) in plan.times.enumerated() {
                var largest = (d: -1.0, se: 0.0, planned: 0.0)
                for c in 0..<size {
                    let k = start + t * size + c
                    let p = pilot.offset(name, time: t, index: c)
                    let d = stats.mean[k], plannedSE = planned[p].squareRoot()
                    let ratio = abs(d) / (plannedSE * plannedSE + 1e-24).squareRoot()
                    if ratio > worst.ratio { worst = (ratio, time) }
                    if abs(d) > largest.d { largest = (abs(d), se[k], plannedSE) }
                }
                difference.append(largest.d)
                stderr.append(largest.se)
                plannedStderr.append(largest.planned)
            }
            start += size * plan.times.count
            return ObservableEstimate(
                name: name, difference: difference, stderr: stderr, plannedStderr: plannedStderr, worstRatio: worst.ratio,
                worstTime: worst.time)
        }
    }
}

extension PreflightPilot {
    /// Offset of component `index` of `name` at time number t in a pilot vector.
    func offset(_ name: String, time t: Int, index: Int = 0) -> Int {
        layout.offset(of: name, time: t, index: index)!
    }
}

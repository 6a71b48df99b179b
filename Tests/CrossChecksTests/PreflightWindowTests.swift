import Foundation
import Testing
import AndersonNoise
import CrossChecks

/// The preflight's exact bias on a window of the chain (`PreflightWindow`) against the same
/// bias on the whole chain: within the returned truncation estimate, which is not far above
/// the actual error; the automatic sample; the cost figures of the report.
@Suite struct PreflightWindowTests {
    /// An excitation on the noisy site of a 48-site chain, W = 2, to t = 100: the profile
    /// reaches the window's edges (margins 8 and 12 leave a window of 25 sites).
    static let plan = PreflightPlan(
        length: 48, disorder: 2, seed: 3, realizations: 10, noiseRealizations: 4,
        state: .excitation(site: 23), times: [0, 0.1, 0.5, 2, 10, 30, 100], scheme: .strang,
        dt: 0.1, observables: [.rmsDisplacement])
    static let tolerance = 1e-12

    /// Per flat component: the actual error of the windowed bias (against the whole chain)
    /// and its truncation estimate; the slack is the two closures' error bounds
    /// (tolerance times the component's Frobenius weight, `PreflightJudge`) and round-off.
    static func compare(
        _ plan: PreflightPlan, _ w: PreflightExact, _ full: PreflightExact,
        _ q: PreflightQuantities
    ) -> (error: [Double], slack: [Double]) {
        let j = q.site!
        let h = plan.chain(realization: 0)
        let hNorm =
            (h.potentials.map { $0 * $0 }.reduce(0, +) + 2 * Double(plan.length - 1))
            .squareRoot()
        let moment = (0..<plan.length).map { pow(Double($0 - j), 4) }.reduce(0, +).squareRoot()
        var slack = [Double](repeating: 2 * tolerance + 1e-13, count: q.dimension)
        for t in plan.times.indices {
            slack[q.offset(.energy, time: t)] = 2 * tolerance * hNorm + 1e-13
            slack[q.offset(.secondMoment, time: t)] = 2 * tolerance * moment + 1e-12
        }
        let error = (0..<q.dimension).map {
            abs((w.scheme[$0] - w.exact[$0]) - (full.scheme[$0] - full.exact[$0]))
        }
        return (error, slack)
    }

    @Test func windowedBiasWithinItsTruncation() throws {
        let plan = Self.plan, q = PreflightQuantities(plan: plan)
        let full = try PreflightExact(
            plan: plan, quantities: q, sample: 1, tolerance: Self.tolerance, threads: 2)
        let windowed = try PreflightExact(
            plan: plan, quantities: q, sample: 1, tolerance: Self.tolerance, threads: 2,
            margins: [8, 12])
        #expect(windowed.windows == [11..<36])
        #expect(full.windows == [0..<48] && full.truncation.allSatisfy { $0 == 0 })
        let (error, slack) = Self.compare(plan, windowed, full, q)
        for k in 0..<q.dimension {
            #expect(error[k] <= windowed.truncation[k] + slack[k], "component \(k)")
        }
        // Not absurdly conservative: per observable, the largest estimate against the largest
        // actual error (the window does change the bias: the error is far above round-off).
        for (name, size) in [(Observable.energy, 1), (.density, 48), (.secondMoment, 1)] {
            var largest = (error: 0.0, estimate: 0.0)
            for t in plan.times.indices {
                for c in 0..<size {
                    let k = q.offset(name, time: t, index: c)
                    largest.error = max(largest.error, error[k])
                    largest.estimate = max(largest.estimate, windowed.truncation[k])
                }
            }
            for t in plan.times.indices {
                let ks = (0..<size).map { q.offset(name, time: t, index: $0) }
                let e = ks.map { error[$0] }.max()!, x = ks.map { windowed.truncation[$0] }.max()!
                print("t = \(plan.times[t]) \(name): error \(e) estimate \(x) ratio \(x / e)")
            }
            let ratio = largest.estimate / largest.error
            print("window 25 of 48: \(name) largest truncation estimate / actual error \(ratio)")
            #expect(largest.error > 1e-9)
            #expect(ratio >= 1 && ratio <= 1e3, "\(name): \(ratio)")
        }
    }

    /// With a goal the margins grow until every component's truncation is within it.
    @Test func adaptiveWindowMeetsItsGoal() throws {
        let plan = PreflightPlan(
            length: 80, disorder: 2, seed: 3, realizations: 10, noiseRealizations: 4,
            state: .excitation(site: 39), times: [0, 0.1, 0.5, 2, 10, 30], scheme: .strang,
            dt: 0.1, observables: [.rmsDisplacement])
        let q = PreflightQuantities(plan: plan)
        // 1e-3 for the energy and density, 1 for the second moment (about 30 at t = 100).
        var goal = [Double](repeating: 1e-3, count: q.dimension)
        for t in plan.times.indices { goal[q.offset(.secondMoment, time: t)] = 1 }
        let windowed = try PreflightExact(
            plan: plan, quantities: q, sample: 1, tolerance: Self.tolerance, threads: 1,
            goal: goal)
        let full = try PreflightExact(
            plan: plan, quantities: q, sample: 1, tolerance: Self.tolerance, threads: 1)
        let w = windowed.windows[0]
        print("adaptive window: sites \(w) of 80")
        #expect(w.count < plan.length && w.contains(39))
        #expect(zip(windowed.truncation, goal).allSatisfy { $0 <= $1 })
        let (error, slack) = Self.compare(plan, windowed, full, q)
        for k in 0..<q.dimension {
            #expect(error[k] <= windowed.truncation[k] + slack[k], "component \(k)")
        }
    }

    @Test func automaticSampleCount() {
        #expect(Preflight.automaticCount(each: 1, extra: 0, budget: 0.5, atMost: 4) == 1)
        #expect(Preflight.automaticCount(each: 1, extra: 0.5, budget: 2.6, atMost: 4) == 2)
        #expect(Preflight.automaticCount(each: 1, extra: 0, budget: 100, atMost: 4) == 4)
        #expect(Preflight.automaticCount(each: 0, extra: 0, budget: 1, atMost: 3) == 3)
    }

    /// The report's CPU seconds are the process's and positive; the run's estimate is its
    /// solver's operation count at 1e10 per second for all its realizations.
    @Test func reportStatesItsCostAndTheRunEstimate() throws {
        let plan = PreflightPlan(
            length: 16, disorder: 2, seed: 3, realizations: 20, noiseRealizations: 4,
            state: .excitation(site: 7), times: [0, 1, 5], scheme: .strang, dt: 0.1,
            observables: [.rmsDisplacement])
        let settings = PreflightSettings(
            sample: 3, pilotRealizations: 2, pilotNoise: 2, checkLength: 6, checkNoise: 100,
            automaticSample: true)
        let report = try Preflight(plan: plan, settings: settings).run()
        #expect(report.seconds > 0 && report.seconds < 60)
        #expect(report.runEstimateSeconds == Preflight.runEstimate(plan))
        #expect(report.runEstimateSeconds > 0)
        #expect(report.windows.count == report.sampled && report.sampled >= 1)
        #expect(report.windows.allSatisfy { $0 <= plan.length })
    }
}

import AndersonNoise
import Testing

/// `PreflightSettings.validate()` refuses each setting of the preflight out of range, naming
/// the quantity (the command line maps it to its option).
@Suite struct PreflightSettingsTests {
    static let plan = PreflightPlan(
        length: 10, realizations: 20, state: .ground(particles: 5), times: [0, 1, 2])
    static let oneChain = PreflightPlan(
        length: 10, realizations: 1, state: .ground(particles: 5), times: [0, 1, 2])

    static func refused(_ settings: PreflightSettings, plan: PreflightPlan = plan) -> String? {
        do {
            try settings.validate(for: plan)
            return nil
        } catch let e as InputError {
            return e.option
        } catch {
            return "\(error)"
        }
    }

    @Test func refusesEachSettingOutOfRange() {
        #expect(Self.refused(PreflightSettings()) == nil)
        #expect(Self.refused(PreflightSettings(sample: 0)) == "sample")
        #expect(Self.refused(PreflightSettings(pilotRealizations: 1)) == "pilot")
        // One chain has no disorder component: a pilot of one block of M is enough.
        #expect(Self.refused(PreflightSettings(pilotRealizations: 1), plan: Self.oneChain) == nil)
        #expect(
            Self.refused(PreflightSettings(pilotRealizations: 0), plan: Self.oneChain) == "pilot")
        #expect(Self.refused(PreflightSettings(window: 3...4)) == "verdict_window")
        #expect(Self.refused(PreflightSettings(window: 1.5...1.7)) == "verdict_window")
        #expect(Self.refused(PreflightSettings(window: 2...Double.infinity)) == nil)
        #expect(Self.refused(PreflightSettings(pilotNoise: 1_000_001)) == "pilot")
        #expect(Self.refused(PreflightSettings(budget: 0)) == "bias_budget")
        #expect(Self.refused(PreflightSettings(budget: .infinity)) == "bias_budget")
        #expect(Self.refused(PreflightSettings(targetStderr: -1)) == "target_stderr")
        #expect(Self.refused(PreflightSettings(tolerance: 1e-3)) == "tolerance")
        #expect(Self.refused(PreflightSettings(threads: 0)) == "threads")
    }
}

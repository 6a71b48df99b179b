import AndersonNoise
import Testing

/// `PreflightSettings.validate()` refuses each setting of the preflight out of range, naming
/// the quantity (the command line maps it to its option).
@Suite struct PreflightSettingsTests {
    static func refused(_ settings: PreflightSettings) -> String? {
        do {
            try settings.validate()
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
        #expect(Self.refused(PreflightSettings(pilotNoise: 1_000_001)) == "pilot")
        #expect(Self.refused(PreflightSettings(budget: 0)) == "bias_budget")
        #expect(Self.refused(PreflightSettings(budget: .infinity)) == "bias_budget")
        #expect(Self.refused(PreflightSettings(targetStderr: -1)) == "target_stderr")
        #expect(Self.refused(PreflightSettings(tolerance: 1e-3)) == "tolerance")
        #expect(Self.refused(PreflightSettings(threads: 0)) == "threads")
    }
}

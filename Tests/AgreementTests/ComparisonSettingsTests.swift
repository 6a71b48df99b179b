import ChainModel
import Agreement
import Testing

/// `ResultComparison.validate` refuses each comparison setting out of range, naming it.
@Suite struct ComparisonSettingsTests {
    static func refused(
        tolerance: Double = 1e-8, confidence: Double = 0.999, sigma: Double? = nil,
        sameSeeds: Bool = false
    ) -> String? {
        do {
            try ResultComparison.validate(
                tolerance: tolerance, confidence: confidence, sigma: sigma, sameSeeds: sameSeeds)
            return nil
        } catch let e as InputError {
            return e.option
        } catch {
            return "\(error)"
        }
    }

    @Test func refusesEachSettingOutOfRange() {
        #expect(Self.refused() == nil)
        #expect(Self.refused(sigma: 4) == nil)
        #expect(Self.refused(sameSeeds: true) == nil)
        #expect(Self.refused(tolerance: -1) == "tolerance")
        #expect(Self.refused(tolerance: .nan) == "tolerance")
        #expect(Self.refused(confidence: 1) == "confidence")
        #expect(Self.refused(sigma: 0) == "sigma")
        #expect(Self.refused(sigma: 3, sameSeeds: true) == "sigma/same_seeds")
    }
}

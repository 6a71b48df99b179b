import ChainModel
import Localization
import Testing

/// `LocalizationRequest.validate()` refuses, naming the quantity, every input of a
/// localization run out of its limits, and the run that could not finish in one go.
@Suite struct LocalizationRequestTests {
    static func refused(
        hopping: Double = 1, chains: Int = 100, sites: Int = 1000, disorders: [Double] = [1],
        energies: [Double] = [0], averagePoints: Int = 0, threads: Int = 2
    ) -> String? {
        let request = LocalizationRequest(
            settings: LocalizationSettings(hopping: hopping, chains: chains, sites: sites),
            disorders: disorders, energies: energies, averagePoints: averagePoints,
            threads: threads)
        do {
            try request.validate()
            return nil
        } catch let e as InputError {
            return e.option
        } catch {
            return "\(error)"
        }
    }

    @Test func acceptsAndRefusesEachQuantity() {
        #expect(Self.refused() == nil)
        #expect(Self.refused(averagePoints: 40) == nil)
        #expect(Self.refused(hopping: 0) == "hopping")
        #expect(Self.refused(hopping: 1e101) == "hopping")
        #expect(Self.refused(disorders: [0]) == "disorder")
        #expect(Self.refused(disorders: [2e6]) == "disorder")
        #expect(Self.refused(disorders: [1, 2, 1]) == "disorder")
        #expect(Self.refused(energies: [2e6]) == "energy")
        #expect(Self.refused(energies: [0, 0]) == "energy")
        #expect(Self.refused(chains: 1) == "chains")
        #expect(
            Self.refused(chains: 100_000, energies: Array(0..<200).map(Double.init)) == "chains")
        #expect(Self.refused(sites: 99) == "sites")
        #expect(Self.refused(averagePoints: 2) == "average_points")
        #expect(
            Self.refused(chains: 100_000, sites: 10_000_000_000, threads: 1)
                == "chains/sites/energy/average_points")
    }
}

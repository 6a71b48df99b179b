import Testing
import ChainModel
import RunSpecification
import Agreement
import Formats

/// One chain started from a random product state starts from the occupations its seed drew:
/// two such runs with other seeds are other physics. An ensemble of realizations averages over
/// the draws, the same for any seed.
@Suite struct DrawnOccupationsTests {
    static func result(seed: UInt64, realizations: Int = 1, explicit: Bool = true) -> JSONValue {
        let spec = RunSpec(
            chain: ChainSpec(
                length: 8,
                potentials: explicit ? [0.3, -0.8, 0.5, 0.9, -0.2, -0.6, 0.1, 0.4] : nil,
                seed: seed, realizations: realizations),
            initial: .product(particles: 4, occupations: nil), times: [0, 1],
            solver: .closure(scheme: .exact, dt: 0.1, tolerance: 1e-10))
        return .object([
            ("solver", .string("closure")), ("parameters", .object(spec.parameters)),
            ("times", .numbers(spec.times)),
        ])
    }

    /// Seeds 1 and 2 draw other states on 8 sites with 4 particles (checked first, so the
    /// refusal below is about the states and not vacuous).
    @Test func oneChainWithOtherSeedsIsOtherPhysics() {
        let a = Self.result(seed: 1), b = Self.result(seed: 2)
        #expect(a["parameters"]?["drawn_occupations"] != b["parameters"]?["drawn_occupations"])
        #expect(PhysicsIdentity.mismatch(a, b)?.hasPrefix("occupations") == true)
        #expect(PhysicsIdentity.mismatch(a, Self.result(seed: 1)) == nil)
        let drawn = Self.result(seed: 2, explicit: false)
        let again = Self.result(seed: 2, explicit: false)
        #expect(PhysicsIdentity.mismatch(drawn, again) == nil)
    }

    /// Ensembles of 5 realizations with other seeds are the same physics: no occupations are
    /// recorded for them.
    @Test func ensemblesOfDrawsAreTheSamePhysics() {
        let a = Self.result(seed: 1, realizations: 5, explicit: false)
        let b = Self.result(seed: 2, realizations: 5, explicit: false)
        #expect(a["parameters"]?["drawn_occupations"] == nil)
        #expect(PhysicsIdentity.mismatch(a, b) == nil)
    }

    /// A file written before `drawn_occupations` was recorded is read: its occupations are
    /// drawn again from its seed, so it matches a new file of the same seed and not another.
    @Test func filesWithoutTheRecordAreRedrawn() {
        func withoutRecord(_ r: JSONValue) -> JSONValue {
            guard case .object(let pairs) = r, case .object(let p)? = r["parameters"] else {
                return r
            }
            return .object(
                pairs.map {
                    $0.0 == "parameters"
                        ? ($0.0, .object(p.filter { $0.0 != "drawn_occupations" })) : $0
                })
        }
        let old = withoutRecord(Self.result(seed: 1))
        #expect(old["parameters"]?["drawn_occupations"] == nil)
        #expect(PhysicsIdentity.mismatch(old, Self.result(seed: 1)) == nil)
        #expect(
            PhysicsIdentity.mismatch(old, Self.result(seed: 2))?.hasPrefix("occupations") == true)
    }
}

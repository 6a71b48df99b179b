import Foundation
import PropertyBased
import Testing

/// The seed of the property tests. `propertyCheck` of swift-property-based draws a fresh,
/// unlogged seed every run (its `.fixedSeed` trait runs one case and always records an issue),
/// so the suite uses `seededPropertyCheck`: the inputs come from one Xoshiro stream seeded with
/// `base` (fixed, or `ANDERSON_PROPERTY_SEED`) mixed with the test's name, and every issue a
/// case records carries the seed, the case number and the input.
package enum PropertySeed {
    package static let variable = "ANDERSON_PROPERTY_SEED"
    /// The default: the same inputs every run.
    package static let fixed: UInt64 = 20_261_205

    /// `ANDERSON_PROPERTY_SEED` when set to an unsigned integer, else `fixed`.
    package static var base: UInt64 {
        ProcessInfo.processInfo.environment[variable].flatMap { UInt64($0) } ?? fixed
    }

    /// The generator's state for `seed` and the test `name` (FNV-1a of the name, then
    /// splitmix64), so tests draw independent inputs from one base seed.
    package static func state(_ seed: UInt64, name: String) -> (UInt64, UInt64, UInt64, UInt64) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var x = seed ^ h
        func next() -> UInt64 {
            x &+= 0x9e37_79b9_7f4a_7c15
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        return (next(), next(), next(), next())
    }
}

/// `count` cases drawn from `input` with the suite's property seed (see `PropertySeed`);
/// every issue a case records names the seed, the case and its input, and an error the body
/// throws is recorded the same way.
package func seededPropertyCheck<InputValue, Value>(
    count: Int = 100, input: Generator<Value, some Sequence<InputValue>>,
    perform body: (Value) async throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    let seed = PropertySeed.base
    let name = Test.current?.name ?? "\(sourceLocation.fileName):\(sourceLocation.line)"
    var rng = Xoshiro(seed: PropertySeed.state(seed, name: name))
    nonisolated(unsafe) let run = body
    for index in 0..<count {
        nonisolated(unsafe) let value = input.run(using: &rng)
        let note =
            "property case \(index + 1) of \(count), seed \(seed) "
            + "(rerun with \(PropertySeed.variable)=\(seed)): input \(value)"
        let annotate = IssueHandlingTrait.compactMapIssues { issue in
            var issue = issue
            issue.comments.append(Comment(rawValue: note))
            return issue
        }
        guard let test = Test.current else {
            Issue.record("seededPropertyCheck outside a test", sourceLocation: sourceLocation)
            return
        }
        try? await annotate.provideScope(for: test, testCase: Test.Case.current) {
            do {
                try await run(value)
            } catch {
                Issue.record(error, Comment(rawValue: note), sourceLocation: sourceLocation)
            }
        }
    }
}

package func seededPropertyCheck<A, B, OutA, OutB>(
    count: Int = 100, input g0: Generator<OutA, some Sequence<A>>,
    _ g1: Generator<OutB, some Sequence<B>>,
    perform body: (OutA, OutB) async throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(
        count: count, input: zip(g0, g1), perform: { try await body($0.0, $0.1) },
        sourceLocation: sourceLocation)
}

package func seededPropertyCheck<A, B, C, OutA, OutB, OutC>(
    count: Int = 100, input g0: Generator<OutA, some Sequence<A>>,
    _ g1: Generator<OutB, some Sequence<B>>, _ g2: Generator<OutC, some Sequence<C>>,
    perform body: (OutA, OutB, OutC) async throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(
        count: count, input: zip(g0, g1, g2), perform: { try await body($0.0, $0.1, $0.2) },
        sourceLocation: sourceLocation)
}

package func seededPropertyCheck<A, B, C, D, OutA, OutB, OutC, OutD>(
    count: Int = 100, input g0: Generator<OutA, some Sequence<A>>,
    _ g1: Generator<OutB, some Sequence<B>>, _ g2: Generator<OutC, some Sequence<C>>,
    _ g3: Generator<OutD, some Sequence<D>>,
    perform body: (OutA, OutB, OutC, OutD) async throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(
        count: count, input: zip(g0, g1, g2, g3),
        perform: { try await body($0.0, $0.1, $0.2, $0.3) }, sourceLocation: sourceLocation)
}

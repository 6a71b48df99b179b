import Foundation
import ReaderHarness
import TestSupport
import Testing

/// Every input a fuzzer found (kept in Tests/FuzzRegressions/<target>/) and every
/// seed of the fuzz corpus (Fuzz/corpus/<target>/) replayed through the same reader calls
/// and property checks as `ci/fuzz.sh`: each must be answered with a value or an error. A
/// regression would trap here (the harness stops on a violated property).
@Suite struct FuzzRegressionTests {
    static let targets: [(name: String, reader: @Sendable (Data) -> Void)] = [
        ("PotentialFile", ReaderHarness.potentialFile), ("RunFiles", ReaderHarness.runFiles),
        ("Records", ReaderHarness.records), ("CheckTable", ReaderHarness.checkTable),
    ]

    static func inputs(_ target: String) -> [URL] {
        let fm = FileManager.default
        let folders = [
            TestSupport.packageRoot.appendingPathComponent("Tests/FuzzRegressions/\(target)"),
            TestSupport.packageRoot.appendingPathComponent("Fuzz/corpus/\(target)"),
        ]
        return folders.flatMap { folder in
            ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().map {
                folder.appendingPathComponent($0)
            }
        }
    }

    @Test(arguments: 0..<4)
    func foundInputsAreAnswered(target: Int) throws {
        let (name, reader) = Self.targets[target]
        let inputs = Self.inputs(name)
        #expect(inputs.count >= 4, "\(name): seed corpus missing")
        for url in inputs { reader(try Data(contentsOf: url)) }
    }
}

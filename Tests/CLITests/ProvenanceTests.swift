import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Results name the source they came from: the git commit the binary was built from (the
/// build plugin asks git before every build), printed by `--version` and written to
/// result.json's provenance; the realizations a lindblad run records are the ones it ran.
@Suite struct ProvenanceTests {
    static func head() throws -> String {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", TestSupport.packageRoot.path, "rev-parse", "HEAD"]
        let out = Pipe()
        git.standardOutput = out
        try git.run()
        git.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func resultAndVersionNameTheBuildCommit() throws {
        let head = try Self.head()
        #expect(head.count == 40)
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(
            version.stdout.contains(Provenance.version) && version.stdout.contains(head),
            "\(version.stdout)")
        let dir = CLI.temporaryPath()
        #expect(
            try CLI.run(["lindblad", "--length", "4", "--times", "0,1", "--quiet", "--output", dir])
                .status == 0)
        let json = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/result.json")))
        #expect(json["provenance"]?["git_commit"]?.stringValue == head)
        #expect(json["provenance"]?["git_dirty"] != nil)
        #expect(
            json["parameters"]?["realizations"]?.doubleValue == 1, "lindblad ran one realization")
    }
}

import Foundation
import Testing
import AndersonNoise
import TestSupport

/// The CI recipe runs as written: examples/ci/physics-gate.sh with the built executable passes
/// all seven steps (about 9 s measured on 2 cores, mostly `validate --quick`) and writes JUnit
/// XML that parses, one test case per step and none failed. (ci/gate-test.sh runs it from a
/// fresh clone, building the executable itself.)
@Suite struct PhysicsGateTests {
    @Test func gatePassesAndWritesReadableJUnit() throws {
        let out = CLI.temporaryPath()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            TestSupport.packageRoot.appendingPathComponent("examples/ci/physics-gate.sh").path
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["ANDERSON_NOISE_BIN"] = CLI.executable.path
        environment["PHYSICS_GATE_OUT"] = out
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log)")
        let gate = try PreflightCLITests.read(out + "/physics-gate.xml")
        #expect(gate.suites.map(\.name) == ["physics-gate"])
        #expect(gate.cases == 7 && gate.failures.isEmpty, "\(gate.failures)")
        for report in ["validate.xml", "check-correct.xml", "preflight.xml"] {
            let r = try PreflightCLITests.read(out + "/" + report)
            #expect(r.cases > 0 && r.failures.isEmpty, "\(report): \(r.failures)")
        }
    }
}

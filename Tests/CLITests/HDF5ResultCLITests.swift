import Foundation
import Testing
import AndersonNoise
import TestSupport

/// Every run directory holds result.h5 beside result.json, and `compare` and `check` read it
/// as they read result.json.
@Suite struct HDF5ResultCLITests {
    /// The same run's two files hold the same doubles: `compare --same-seeds --tolerance 0`
    /// (every point |a - b| <= 0, and the same parameters and statistics) agrees, from the
    /// files and from a directory that holds only result.h5.
    @Test func compareOfBothFilesOfOneRunAgreesExactly() throws {
        let dir = CLI.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try CLI.run([
            "closure", "--length", "6", "--realizations", "3", "--scheme", "strang", "--dt", "0.1",
            "--observables", "energy,density,rho_s", "--t-max", "5", "--quiet", "--output", dir,
        ])
        try #require(run.status == 0, "\(run.stderr)")
        let h5 = dir + "/" + HDF5Result.fileName
        let exact = ["--same-seeds", "--tolerance", "0"]
        let files = try CLI.run(["compare", h5, dir + "/result.json"] + exact)
        #expect(files.status == 0 && files.stdout.contains("AGREE"), "\(files.stdout)")
        let only = CLI.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: only) }
        try FileManager.default.createDirectory(atPath: only, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: h5, toPath: only + "/" + HDF5Result.fileName)
        let directories = try CLI.run(["compare", only, dir] + exact)
        #expect(directories.status == 0 && directories.stdout.contains("AGREE"))
    }

    /// `check` takes a result.h5 as the file to check and as `--parameters`: the exact
    /// closure of one chain agrees with the exact reference of the same physics (no standard
    /// errors: every point within the default round-off allowance).
    @Test func checkReadsAResultH5() throws {
        let dir = CLI.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try CLI.run([
            "closure", "--length", "6", "--realizations", "1", "--observables", "energy,density",
            "--times", "0,0.5,2", "--quiet", "--output", dir,
        ])
        try #require(run.status == 0, "\(run.stderr)")
        let h5 = dir + "/" + HDF5Result.fileName
        let check = try CLI.run(["check", h5, "--parameters", h5])
        #expect(
            check.status == 0 && check.stdout.contains("AGREE"), "\(check.stdout)\(check.stderr)")
    }

    /// A file that is neither JSON nor a result.h5 is refused with exit 64, naming it.
    @Test func compareRefusesAnotherHDF5File() throws {
        let path = CLI.temporaryPath() + ".h5"
        try Data([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]).write(
            to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try CLI.run(["compare", path, path])
        #expect(out.status == 64 && out.stderr.contains(path))
    }
}

import AndersonNoise
import ArgumentParser
import Foundation

/// Where results go and how the run is executed.
struct RunOptions: ParsableArguments {
    @Option(help: "Run directory for result.json and result.csv (default: CSV of the scalar series on stdout).")
    var output: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    /// Refuses an output path that cannot be written (checked before any work).
    func check() throws {
        if let dir = output { try OutputPath.check(dir, option: "--output", kind: .directory) }
    }
}

/// Output locations are checked before any work (the error contract, README "Command line": exit
/// 64, nothing written): an empty path (it would mean the working directory), an existing file
/// where a directory is wanted or the reverse, and a location that cannot be written.
/// Writability is probed by creating and removing a temporary directory in the nearest
/// existing ancestor: permission bits alone would miss read-only file systems and pass
/// everything for root.
enum OutputPath {
    enum Kind { case directory, file }

    static func check(_ path: String, option: String, kind: Kind) throws {
        guard !path.isEmpty else { throw ValidationError("\(option) '': give a path (an empty one would be the working directory)") }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        var probe = URL(fileURLWithPath: path).standardizedFileURL
        if fm.fileExists(atPath: probe.path, isDirectory: &isDirectory) {
            switch kind {
            case .directory where !isDirectory.boolValue: throw ValidationError("\(option) \(path): exists and is not a directory")
            case .file where isDirectory.boolValue: throw ValidationError("\(option) \(path): is a directory; give a file path")
            default: break
            }
            if kind == .file { probe.deleteLastPathComponent() }
        } else {
            repeat { probe.deleteLastPathComponent() } while !fm.fileExists(atPath: probe.path, isDirectory: &isDirectory) && probe.path != "/"
            guard isDirectory.boolValue else {
                throw ValidationError("\(option) \(path): \(probe.path) is not a directory")
            }
        }
        var template = Array((probe.path + "/.anderson-noise-probe-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ValidationError("\(option) \(path): cannot write in \(probe.path) (\(String(cString: strerror(errno))))")
        }
        rmdir(made)
    }
}

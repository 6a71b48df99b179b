import Foundation
import ChainModel

/// Output locations are checked before any work (a bad location is an `InputError`: the
/// command line exits 64 and writes nothing): an empty path (it would mean the working
/// directory), an existing file where a directory is wanted or the reverse, and a location that
/// cannot be written. Writability is probed by creating and removing a temporary directory in the
/// nearest existing ancestor: permission bits alone would miss read-only file systems and pass
/// everything for root.
public enum OutputPath {
    public enum Kind: Sendable { case directory, file }

    public static func check(_ path: String, option: String, kind: Kind) throws {
        guard !path.isEmpty else {
            throw InputError(
                option: option, value: "''",
                allowed: "give a path (an empty one would be the working directory)")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        var probe = URL(fileURLWithPath: path).standardizedFileURL
        if fm.fileExists(atPath: probe.path, isDirectory: &isDirectory) {
            switch kind {
            case .directory where !isDirectory.boolValue:
                throw InputError(
                    option: option, value: path, allowed: "exists and is not a directory")
            case .file where isDirectory.boolValue:
                throw InputError(
                    option: option, value: path, allowed: "is a directory; give a file path")
            default: break
            }
            if kind == .file { probe.deleteLastPathComponent() }
        } else {
            repeat {
                probe.deleteLastPathComponent()
            } while !fm.fileExists(atPath: probe.path, isDirectory: &isDirectory)
                && probe.path != "/"
            guard isDirectory.boolValue else {
                throw InputError(
                    option: option, value: path, allowed: "\(probe.path) is not a directory")
            }
        }
        var template = Array((probe.path + "/.anderson-noise-probe-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw InputError(
                option: option, value: path,
                allowed: "cannot write in \(probe.path) (\(String(cString: strerror(errno))))")
        }
        rmdir(made)
    }
}

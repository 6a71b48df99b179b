import Foundation
import ChainModel

/// Output locations are checked before any work (a bad location is an `InputError`: the
/// command line exits 64 and writes nothing): an empty path (it would mean the working
/// directory), an existing file where a directory is wanted or the reverse (symbolic links
/// followed), a symbolic link to nothing (the path or an ancestor), and a location that cannot
/// be written. Writability is probed by creating and removing a temporary directory in the
/// nearest existing ancestor: permission bits alone would miss read-only file systems and pass
/// everything for root. An existing device or FIFO given as a file is written in place, so it
/// must be writable itself.
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
        // A symbolic link that leads nowhere (the path or one of its ancestors) reads as
        // absent, so the checks below would pass it and the write fail after all the work.
        func refuseDangling(_ entry: String) throws {
            var info = stat()
            guard lstat(entry, &info) == 0, stat(entry, &info) != 0 else { return }
            let target = (try? fm.destinationOfSymbolicLink(atPath: entry)) ?? "?"
            throw InputError(
                option: option, value: path,
                allowed: "\(entry) is a symbolic link to \(target), which does not exist")
        }
        try refuseDangling(probe.path)
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
            var info = stat()
            if kind == .file && stat(probe.path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
                // A device or a FIFO (/dev/stdout) is written in place: it must be writable.
                guard access(probe.path, W_OK) == 0 else {
                    throw InputError(
                        option: option, value: path,
                        allowed: "cannot be written (\(String(cString: strerror(errno))))")
                }
                return
            }
            if kind == .file { probe.deleteLastPathComponent() }
        } else {
            repeat {
                probe.deleteLastPathComponent()
                try refuseDangling(probe.path)
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

import AndersonNoise
import ArgumentParser
import Foundation

extension AndersonNoiseCommand {
    /// Most occurrences of one option in a command line. swift-argument-parser keeps the
    /// origins of every occurrence in a set it copies at each one, so n repeats cost n^2
    /// (20,000 took minutes); no option of this tool is meant to be repeated (the last one
    /// counts), so more than this is refused.
    package static let maxOccurrences = 100

    /// The executable's entry (`main.swift`): refuses arguments that are not UTF-8 and options
    /// repeated more than `maxOccurrences` times (exit 64), parses and runs the command, and
    /// checks that everything written to standard output arrived. The exit codes (article
    /// Guarantees): 0 success, 1 a failed check or comparison, 64 bad input, 70 a
    /// broken numerical invariant, 71 no worker thread could start, 74 a write, a lock or
    /// another I/O operation failed.
    public static func runAsExecutable() -> Never {
        let raw = (1..<Int(CommandLine.argc)).map { i -> [UInt8] in
            guard let p = CommandLine.unsafeArgv[i] else { return [] }
            return Array(UnsafeBufferPointer(start: p, count: strlen(p))).map {
                UInt8(bitPattern: $0)
            }
        }
        if let problem = argumentProblem(raw) { fail(problem, status: 64) }
        do {
            var command = try parseAsRoot(nil)
            try command.run()
            try StandardOutput.finish()
        } catch let failure as IOFailure {
            fail("\(failure)", status: 74)
        } catch let failure as ThreadStartFailure {
            fail("\(failure)", status: 71)
        } catch {
            do { try StandardOutput.finish() } catch { fail("\(error)", status: 74) }
            exit(withError: error)
        }
        Foundation.exit(0)
    }

    /// Why these raw arguments (without the program name) are refused, or nil: an argument
    /// that is not valid UTF-8 (Swift would read it with U+FFFD in place of the bad bytes, so
    /// a path would silently name another file and two paths could collide), or an option
    /// given more than `maxOccurrences` times.
    package static func argumentProblem(_ arguments: [[UInt8]]) -> String? {
        var strings: [String] = []
        for (i, bytes) in arguments.enumerated() {
            guard let s = String(validating: bytes, as: UTF8.self) else {
                return "argument \(i + 1) (\(String(decoding: bytes, as: UTF8.self))) is not "
                    + "valid UTF-8; give paths and values in UTF-8"
            }
            strings.append(s)
        }
        var counts: [String: Int] = [:]
        for s in strings {
            if s == "--" { break }
            guard s.hasPrefix("-"), s.count > 1, Double(s) == nil else { continue }
            let name = String(s.prefix { $0 != "=" })
            counts[name, default: 0] += 1
            if counts[name]! > maxOccurrences {
                let total = strings.prefix { $0 != "--" }.filter {
                    $0 == name || $0.hasPrefix(name + "=")
                }.count
                return "\(name) given \(total) times: allowed at most \(maxOccurrences) (the "
                    + "last one counts)"
            }
        }
        return nil
    }

    static func fail(_ message: String, status: Int32) -> Never {
        StandardError.write("anderson-noise: \(message)\n")
        Foundation.exit(status)
    }
}

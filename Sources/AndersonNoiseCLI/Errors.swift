import AndersonNoise
import ArgumentParser
import Foundation

/// The one place where the library's errors become the command line's exit codes (README
/// "Command line"): a bad input found by the library (`InputError`) is a usage error, exit 64,
/// nothing written; a numerical invariant broken during a run (`InvariantViolation`) prints
/// one line and exits 70.
func mappingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let v as InvariantViolation {
        FileHandle.standardError.write(Data("anderson-noise: \(v)\n".utf8))
        throw ExitCode(70)
    } catch let e as InputError {
        throw ValidationError(e.description)
    }
}

import AndersonNoise
import ArgumentParser
import Foundation

/// The one place where the library's errors become the command line's (article "Command
/// line"): a bad input found by the library (`InputError`) is a usage error, exit 64, nothing
/// written, with its quantities named by their options (`Flags.option(for:)`); a numerical
/// invariant broken during a run (`InvariantViolation`) prints one line and exits 70. A failed
/// write or lock (`IOFailure`, exit 74) and a run that could start no worker thread
/// (`ThreadStartFailure`, exit 71) pass through to the executable's entry
/// (`AndersonNoiseCommand.runAsExecutable`), which prints them as one line.
func mappingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let v as InvariantViolation {
        StandardError.write("anderson-noise: \(v)\n")
        throw ExitCode(70)
    } catch let e as InputError {
        let options = e.option.split(separator: "/").map { Flags.option(for: String($0)) }
        let named = InputError(
            option: options.joined(separator: "/"), value: e.value, allowed: e.allowed)
        throw ValidationError(named.description)
    }
}

/// The command-line option of each quantity the library names.
enum Flags {
    /// Quantities whose option is not `--` and the name with `-` for `_`.
    static let renamed = [
        "noise_sites": "--noise-site", "gammas": "--gamma", "potentials": "--potential",
    ]
    /// Quantities named as their option is (`t_max` is `--t-max`).
    static let quantities: Set<String> = [
        "length", "hopping", "disorder", "seed", "realizations", "noise_realizations", "initial",
        "particles", "occupations", "site", "times", "t_max", "dt", "scheme", "tolerance",
        "observables", "output", "resume", "threads", "shard", "pilot", "sample", "check_noise",
        "points_per_decade", "xi", "rates", "collapse", "energy", "chains", "sites",
        "average_points", "bias_budget", "target_stderr", "confidence", "sigma",
        "same_seeds", "verdict_window", "samples", "against", "parameters", "plot", "junit",
        "plan_only",
    ]

    /// `--option` for a quantity's name; other names (a file's field, a command) unchanged.
    static func option(for quantity: String) -> String {
        if let flag = renamed[quantity] { return flag }
        return quantities.contains(quantity)
            ? "--" + quantity.replacingOccurrences(of: "_", with: "-") : quantity
    }
}

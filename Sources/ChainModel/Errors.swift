import LinearAlgebra
/// A numerical invariant broken during a run (the error contract, article CommandLine:
/// exit 70): trace drift, rho_s eigenvalues outside [0, 1], a non-finite number.
public struct InvariantViolation: Error, CustomStringConvertible, Sendable {
    public let invariant: String
    public let time: Double
    /// Disorder realization index (0-based inside, printed 1-based), if any.
    public let realization: Int?
    public let detail: String

    public init(invariant: String, time: Double, realization: Int?, detail: String) {
        self.invariant = invariant
        self.time = time
        self.realization = realization
        self.detail = detail
    }

    public var description: String {
        let r = realization.map { ", realization \($0 + 1)" } ?? ""
        return "invariant broken: \(invariant) at t = \(time)\(r): \(detail)"
    }
}

/// A bad input found by the library (the command line exits 64 and writes nothing), naming the
/// quantity, the value and what is allowed. `option` names quantities as a run's fields and
/// files do (`times`, `dt`, `noise_sites`, `output`; several joined by `/`): the library knows
/// no command-line flags, and the command line maps each name to its option in one place.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let option: String
    public let value: String
    public let allowed: String

    public init(option: String, value: String, allowed: String) {
        self.option = option
        self.value = value
        self.allowed = allowed
    }

    public var description: String {
        value.isEmpty ? "\(option): \(allowed)" : "\(option) \(value): \(allowed)"
    }
}

/// Receives progress from long runs; solvers never print. The CLI owns the implementation.
public protocol ProgressReporter: Sendable {
    func update(done: Int, total: Int)
}

/// Reports nothing.
public struct SilentProgress: ProgressReporter {
    public init() {}
    public func update(done: Int, total: Int) {}
}

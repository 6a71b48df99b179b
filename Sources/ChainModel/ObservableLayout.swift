import LinearAlgebra
// The Jensen bias of averaging R itself, measured: 14-17 standard errors for one chain with
// 20000 trajectories.
/// How a realization's observables are laid out as one flat vector, so that running
/// statistics, records on disk and merges work on plain `[Double]` whatever the solver.
///
/// Each entry is one observable over all output times: `scalar` has one number per time,
/// `vector(n)` n per time, `matrix(n)` n x n per time (real), `complexMatrix(n)` an n x n
/// complex matrix per time (real parts then imaginary parts, column-major), `rootOfMean` one
/// number per time that is reported as the square root of an averaged moment.
///
/// Every entry is averaged linearly over noise and disorder realizations, except that a
/// `rootOfMean` entry (the RMS displacement and width, paper eq. 18) stores the square of
/// each sample's value, i.e. the linear second moment m = sum_i (i - j)^2 C_ij, and is
/// reported as R = sqrt(mean m): eq. 18 puts the noise and disorder averages inside the root.
/// Averaging R itself would be biased low by Jensen's inequality. Its standard error is
/// propagated, SE_R = SE_m / (2 R).
public struct ObservableLayout: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        case scalar
        case vector(Int)
        case matrix(Int)
        case complexMatrix(Int)
        case rootOfMean

        package var size: Int {
            switch self {
            case .scalar, .rootOfMean: return 1
            case .vector(let n): return n
            case .matrix(let n): return n * n
            case .complexMatrix(let n): return 2 * n * n
            }
        }
    }

    public let times: Int
    /// The observables in the order they are stored, each with its shape.
    public let entries: [(observable: Observable, shape: Shape)]

    public init(times: Int, entries: [(observable: Observable, shape: Shape)]) {
        self.times = times
        self.entries = entries
    }

    public static func == (a: ObservableLayout, b: ObservableLayout) -> Bool {
        a.times == b.times && a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy {
                $0.observable == $1.observable && $0.shape == $1.shape
            }
    }

    /// The shape of `observable`, nil when the layout has no such entry.
    public func shape(of observable: Observable) -> Shape? {
        entries.first { $0.observable == observable }?.shape
    }

    /// Length of the flat vector.
    public var dimension: Int { entries.reduce(0) { $0 + $1.shape.size * times } }

    /// Flattens observables given in the layout's order and shapes.
    public func flatten(_ observables: Observables) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(dimension)
        for (observable, shape) in entries {
            guard let s = observables[observable] else {
                preconditionFailure("observable \(observable) missing")
            }
            switch (shape, s) {
            case (.scalar, .scalar(let x)):
                precondition(x.count == times)
                out += x
            case (.rootOfMean, .scalar(let x)):
                precondition(x.count == times)
                out += x.map { $0 * $0 }
            case (.vector(let n), .vector(let x)):
                precondition(x.count == times && x.allSatisfy { $0.count == n })
                for v in x { out += v }
            case (.matrix(let n), .matrix(let x)):
                precondition(x.count == times)
                for m in x {
                    precondition(m.count == n)
                    for row in m { out += row }
                }
            case (.complexMatrix(let n), .complexMatrix(let x)):
                precondition(x.count == times)
                for m in x {
                    precondition(m.rows == n && m.columns == n)
                    out += m.re
                    out += m.im
                }
            default: preconditionFailure("observable \(observable) has the wrong shape")
            }
        }
        return out
    }

    /// Rebuilds observables from a flat mean (and its standard error). Every series gets a
    /// `stderrKey` companion of the same shape when errors are given (for a complex matrix,
    /// the standard errors of the real and imaginary parts).
    public func observables(mean: [Double], standardError: [Double]?) -> Observables {
        precondition(mean.count == dimension)
        var obs = Observables()
        var offset = 0
        for (name, shape) in entries {
            let size = shape.size
            func slice(_ v: [Double], _ t: Int) -> [Double] {
                Array(v[(offset + t * size)..<(offset + (t + 1) * size)])
            }
            switch shape {
            case .scalar:
                obs[name] = .scalar(Array(mean[offset..<(offset + times)]))
                if let se = standardError {
                    obs[stderr: name] = .scalar(Array(se[offset..<(offset + times)]))
                }
            case .rootOfMean:
                let m = Array(mean[offset..<(offset + times)])
                let root = m.map { max($0, 0).squareRoot() }
                obs[name] = .scalar(root)
                if let se = standardError {
                    obs[stderr: name] = .scalar(
                        zip(se[offset..<(offset + times)], root).map { $1 > 0 ? $0 / (2 * $1) : 0 })
                }
            case .vector:
                obs[name] = .vector((0..<times).map { slice(mean, $0) })
                if let se = standardError {
                    obs[stderr: name] = .vector((0..<times).map { slice(se, $0) })
                }
            case .matrix(let n):
                func matrices(_ v: [Double]) -> Series {
                    .matrix(
                        (0..<times).map { t in
                            let flat = slice(v, t)
                            return (0..<n).map { Array(flat[($0 * n)..<(($0 + 1) * n)]) }
                        })
                }
                obs[name] = matrices(mean)
                if let se = standardError { obs[stderr: name] = matrices(se) }
            case .complexMatrix(let n):
                func matrices(_ v: [Double]) -> Series {
                    .complexMatrix(
                        (0..<times).map { t in
                            let flat = slice(v, t)
                            var m = ComplexMatrix(rows: n, columns: n)
                            m.re = Array(flat[0..<(n * n)])
                            m.im = Array(flat[(n * n)...])
                            return m
                        })
                }
                obs[name] = matrices(mean)
                if let se = standardError { obs[stderr: name] = matrices(se) }
            }
            offset += size * times
        }
        return obs
    }
}

/// How a realization's observables are laid out as one flat vector, so that running
/// statistics, records on disk and merges work on plain `[Double]` whatever the solver.
///
/// Each entry is one observable over all output times: `scalar` has one number per time,
/// `vector(n)` n per time, `matrix(n)` n x n per time (real).
public struct ObservableLayout: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        case scalar
        case vector(Int)
        case matrix(Int)

        var size: Int {
            switch self {
            case .scalar: return 1
            case .vector(let n): return n
            case .matrix(let n): return n * n
            }
        }
    }

    public let times: Int
    public let entries: [(name: String, shape: Shape)]

    public init(times: Int, entries: [(name: String, shape: Shape)]) {
        self.times = times
        self.entries = entries
    }

    public static func == (a: ObservableLayout, b: ObservableLayout) -> Bool {
        a.times == b.times && a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.name == $1.name && $0.shape == $1.shape }
    }

    /// Length of the flat vector.
    public var dimension: Int { entries.reduce(0) { $0 + $1.shape.size * times } }

    /// Flattens observables given in the layout's order and shapes.
    public func flatten(_ observables: Observables) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(dimension)
        for (name, shape) in entries {
            guard let s = observables[name] else { preconditionFailure("observable \(name) missing") }
            switch (shape, s) {
            case (.scalar, .scalar(let x)):
                precondition(x.count == times)
                out += x
            case (.vector(let n), .vector(let x)):
                precondition(x.count == times && x.allSatisfy { $0.count == n })
                for v in x { out += v }
            case (.matrix(let n), .matrix(let x)):
                precondition(x.count == times)
                for m in x {
                    precondition(m.count == n)
                    for row in m { out += row }
                }
            default: preconditionFailure("observable \(name) has the wrong shape")
            }
        }
        return out
    }

    /// Rebuilds observables from a flat mean (and its standard error). Scalar series get a
    /// `<name>_stderr` companion when errors are given; other shapes carry the mean only.
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
                if let se = standardError { obs[name + "_stderr"] = .scalar(Array(se[offset..<(offset + times)])) }
            case .vector:
                obs[name] = .vector((0..<times).map { slice(mean, $0) })
            case .matrix(let n):
                obs[name] = .matrix((0..<times).map { t in
                    let flat = slice(mean, t)
                    return (0..<n).map { Array(flat[($0 * n)..<(($0 + 1) * n)]) }
                })
            }
            offset += size * times
        }
        return obs
    }
}

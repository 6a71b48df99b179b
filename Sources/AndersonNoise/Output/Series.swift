/// One observable's time series, as stored in `result.json` (the result file, FileFormats article).
public enum Series: Sendable, Equatable {
    /// One number per time (energy, trace, entanglement, ...).
    case scalar([Double])
    /// One real vector per time (density, populations, entanglement profile).
    case vector([[Double]])
    /// One real matrix per time, `[row][column]` (nn).
    case matrix([[[Double]]])
    /// One complex matrix per time, written `[row][column][re, im]` (rho_s).
    case complexMatrix([ComplexMatrix])

    public var json: JSONValue {
        switch self {
        case .scalar(let x): return .numbers(x)
        case .vector(let x): return .numbers(x)
        case .matrix(let x): return .numbers(x)
        case .complexMatrix(let x): return .numbers(x.map(\.nestedPairs))
        }
    }

    /// Number of time points.
    public var count: Int {
        switch self {
        case .scalar(let x): return x.count
        case .vector(let x): return x.count
        case .matrix(let x): return x.count
        case .complexMatrix(let x): return x.count
        }
    }
}

/// Named series in a fixed order (the order they are written in).
public struct Observables: Sendable, Equatable {
    public private(set) var entries: [(name: String, series: Series)] = []

    public init() {}

    public static func == (a: Observables, b: Observables) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.name == $1.name && $0.series == $1.series }
    }

    public subscript(name: String) -> Series? {
        get { entries.first { $0.name == name }?.series }
        set {
            if let i = entries.firstIndex(where: { $0.name == name }) {
                if let v = newValue { entries[i].series = v } else { entries.remove(at: i) }
            } else if let v = newValue {
                entries.append((name, v))
            }
        }
    }

    public var names: [String] { entries.map(\.name) }

    /// The scalar series, in order.
    public var scalars: [(name: String, values: [Double])] {
        entries.compactMap { e in
            if case .scalar(let x) = e.series { return (e.name, x) }
            return nil
        }
    }

    public var json: JSONValue { .object(entries.map { ($0.name, $0.series.json) }) }
}

/// Collects one realization's observables time by time, each as its own typed series, in
/// the order they are first appended.
public struct SeriesBuilder: Sendable {
    private var scalars: [String: [Double]] = [:]
    private var vectors: [String: [[Double]]] = [:]
    private var matrices: [String: [[[Double]]]] = [:]
    private var complexMatrices: [String: [ComplexMatrix]] = [:]
    private var order: [String] = []

    public init() {}

    private mutating func note(_ name: String) {
        if !order.contains(name) { order.append(name) }
    }

    public mutating func append(_ name: String, scalar x: Double) {
        note(name)
        scalars[name, default: []].append(x)
    }

    public mutating func append(_ name: String, vector x: [Double]) {
        note(name)
        vectors[name, default: []].append(x)
    }

    public mutating func append(_ name: String, matrix x: [[Double]]) {
        note(name)
        matrices[name, default: []].append(x)
    }

    public mutating func append(_ name: String, complexMatrix x: ComplexMatrix) {
        note(name)
        complexMatrices[name, default: []].append(x)
    }

    public var observables: Observables {
        var obs = Observables()
        for name in order {
            if let x = scalars[name] { obs[name] = .scalar(x) }
            if let x = vectors[name] { obs[name] = .vector(x) }
            if let x = matrices[name] { obs[name] = .matrix(x) }
            if let x = complexMatrices[name] { obs[name] = .complexMatrix(x) }
        }
        return obs
    }
}

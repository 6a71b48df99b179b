import LinearAlgebra
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

/// Named series in a fixed order (the order they are written in), keyed by their file keys:
/// an observable's `rawValue`, or its standard-error companion's `stderrKey`.
public struct Observables: Sendable, Equatable {
    public private(set) var entries: [(name: String, series: Series)] = []

    public init() {}

    public static func == (a: Observables, b: Observables) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.name == $1.name && $0.series == $1.series }
    }

    /// The series of `observable`.
    public subscript(observable: Observable) -> Series? {
        get { self[observable.rawValue] }
        set { self[observable.rawValue] = newValue }
    }

    /// The standard errors of `observable` (its `stderrKey` series).
    public subscript(stderr observable: Observable) -> Series? {
        get { self[observable.stderrKey] }
        set { self[observable.stderrKey] = newValue }
    }

    /// The series under a file key (known or not, standard-error companions included).
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

    /// The file keys, in order.
    public var names: [String] { entries.map(\.name) }

    /// The scalar series, in order.
    public var scalars: [(name: String, values: [Double])] {
        entries.compactMap { e in
            if case .scalar(let x) = e.series { return (e.name, x) }
            return nil
        }
    }
}

/// Collects one realization's observables time by time, each as its own typed series, in
/// the order they are first appended.
public struct SeriesBuilder: Sendable {
    private var scalars: [Observable: [Double]] = [:]
    private var vectors: [Observable: [[Double]]] = [:]
    private var matrices: [Observable: [[[Double]]]] = [:]
    private var complexMatrices: [Observable: [ComplexMatrix]] = [:]
    private var order: [Observable] = []

    public init() {}

    private mutating func note(_ name: Observable) {
        if !order.contains(name) { order.append(name) }
    }

    public mutating func append(_ name: Observable, scalar x: Double) {
        note(name)
        scalars[name, default: []].append(x)
    }

    public mutating func append(_ name: Observable, vector x: [Double]) {
        note(name)
        vectors[name, default: []].append(x)
    }

    public mutating func append(_ name: Observable, matrix x: [[Double]]) {
        note(name)
        matrices[name, default: []].append(x)
    }

    public mutating func append(_ name: Observable, complexMatrix x: ComplexMatrix) {
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

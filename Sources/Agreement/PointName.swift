import Formats

/// How `compare` names one entry of an observable for a user: by its position in the series
/// as result.json nests it, `[time][...]`, with every index after the time 1-based (sites,
/// bonds, eigenstates are 1-based wherever a user sees them; the time is named by its value).
///
/// - a scalar series: the observable alone, `energy`;
/// - a vector `[time][i]`: `density(5)`, site 5;
/// - a real matrix `[time][i][j]`: `nn(4,5)`, row 4, column 5;
/// - a complex matrix `[time][i][j][re, im]` (how `rho_s` is written): `rho_s(4,5).re` and
///   `rho_s(4,5).im`.
///
/// A series that is not a rectangular nesting of arrays is named by the 1-based position of
/// the entry within its time, `name(entry 7)`.
public struct PointName: Sendable {
    public let observable: String
    /// The lengths of the nesting below the time: [] for a scalar, [L] for a vector, ...
    public let inner: [Int]
    /// Whether every time holds exactly the nesting `inner` describes.
    public let rectangular: Bool

    /// The naming of the entries of `series` (the observable's value in result.json).
    public init(observable: String, series: JSONValue) {
        self.observable = observable
        var dimensions: [Int] = []
        var level = series
        while case .array(let items) = level, let first = items.first {
            dimensions.append(items.count)
            level = first
        }
        inner = Array(dimensions.dropFirst())
        let count = series.numbersWithNulls?.count ?? 0
        rectangular = count > 0 && count == dimensions.reduce(1, *)
    }

    /// Entries per time.
    public var perTime: Int { inner.reduce(1, *) }

    /// The name of the entry at `index` of the flattened series (0-based, in file order).
    public func name(index: Int) -> String {
        guard rectangular else { return "\(observable)(entry \(index % max(perTime, 1) + 1))" }
        var rest = index % perTime
        var position = [Int](repeating: 0, count: inner.count)
        for level in inner.indices.reversed() {
            position[level] = rest % inner[level]
            rest /= inner[level]
        }
        if inner.isEmpty { return observable }
        if inner.count == 3 && inner[2] == 2 {
            return "\(observable)(\(position[0] + 1),\(position[1] + 1))"
                + (position[2] == 0 ? ".re" : ".im")
        }
        return "\(observable)(\(position.map { String($0 + 1) }.joined(separator: ",")))"
    }
}

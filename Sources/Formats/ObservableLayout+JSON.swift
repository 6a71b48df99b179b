import ChainModel

/// The layout as written in run.json.
extension ObservableLayout {
    /// `[[name, kind, n], ...]` with kind scalar | vector | matrix | complex_matrix.
    public var json: JSONValue {
        .object([
            ("times", .number(Double(times))),
            (
                "entries",
                .array(
                    entries.map { e in
                        let (kind, n): (String, Int)
                        switch e.shape {
                        case .scalar: (kind, n) = ("scalar", 1)
                        case .rootOfMean: (kind, n) = ("root_of_mean", 1)
                        case .vector(let m): (kind, n) = ("vector", m)
                        case .matrix(let m): (kind, n) = ("matrix", m)
                        case .complexMatrix(let m): (kind, n) = ("complex_matrix", m)
                        }
                        return .array([
                            .string(e.observable.rawValue), .string(kind), .number(Double(n)),
                        ])
                    })
            ),
        ])
    }

    /// Reads a layout back; nil when it is malformed or names a key that is no `Observable`.
    public init?(json: JSONValue) {
        guard let t = json["times"]?.integer(in: 1...10_000_000),
            let list = json["entries"]?.arrayValue
        else { return nil }
        var entries: [(observable: Observable, shape: Shape)] = []
        for item in list {
            guard let a = item.arrayValue, a.count == 3,
                let name = a[0].stringValue.flatMap(Observable.init(rawValue:)),
                let kind = a[1].stringValue,
                let n = a[2].integer(in: 1...100_000)
            else { return nil }
            switch kind {
            case "scalar": entries.append((name, .scalar))
            case "root_of_mean": entries.append((name, .rootOfMean))
            case "vector": entries.append((name, .vector(n)))
            case "matrix": entries.append((name, .matrix(n)))
            case "complex_matrix": entries.append((name, .complexMatrix(n)))
            default: return nil
            }
        }
        self.init(times: t, entries: entries)
    }
}

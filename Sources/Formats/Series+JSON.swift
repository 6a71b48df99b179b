import ChainModel
import LinearAlgebra

/// Series and observables as written in result.json.
extension Series {
    public var json: JSONValue {
        switch self {
        case .scalar(let x): return .numbers(x)
        case .vector(let x): return .numbers(x)
        case .matrix(let x): return .numbers(x)
        case .complexMatrix(let x): return .numbers(x.map(\.nestedPairs))
        }
    }
}

extension Observables {
    public var json: JSONValue { .object(entries.map { ($0.name, $0.series.json) }) }
}

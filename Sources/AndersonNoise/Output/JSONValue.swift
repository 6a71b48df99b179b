import Foundation

/// A JSON document with ordered object keys, written with shortest round-trip numbers
/// (so a value written and read back is bit-identical).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):  // key order does not matter
            return x.count == y.count && x.allSatisfy { pair in y.contains { $0.0 == pair.0 && $0.1 == pair.1 } }
        default: return false
        }
    }

    public static func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }
    public static func numbers(_ xs: [[Double]]) -> JSONValue { .array(xs.map { numbers($0) }) }
    public static func numbers(_ xs: [[[Double]]]) -> JSONValue { .array(xs.map { numbers($0) }) }
    public static func numbers(_ xs: [[[[Double]]]]) -> JSONValue { .array(xs.map { numbers($0) }) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// Flattens nested number arrays in order (nil if anything is not a number or array).
    public var flattenedNumbers: [Double]? {
        switch self {
        case .number(let x): return [x]
        case .array(let a):
            var out: [Double] = []
            for v in a {
                guard let f = v.flattenedNumbers else { return nil }
                out += f
            }
            return out
        default: return nil
        }
    }

    /// Serialised text; `indent` puts each top-level member of an object on its own line.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, depth: 0, pretty: pretty)
        return out
    }

    private func write(into out: inout String, depth: Int, pretty: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += x.isFinite ? JSONValue.format(x) : "null"
        case .string(let s): out += JSONValue.quote(s)
        case .array(let a):
            out += "["
            for (n, v) in a.enumerated() {
                if n > 0 { out += "," }
                v.write(into: &out, depth: depth + 1, pretty: pretty)
            }
            out += "]"
        case .object(let pairs):
            let breakLines = pretty && depth < 2
            out += "{"
            for (n, (k, v)) in pairs.enumerated() {
                if n > 0 { out += "," }
                if breakLines { out += "\n" + String(repeating: "  ", count: depth + 1) }
                out += JSONValue.quote(k) + (pretty ? ": " : ":")
                v.write(into: &out, depth: depth + 1, pretty: pretty)
            }
            if breakLines && !pairs.isEmpty { out += "\n" + String(repeating: "  ", count: depth) }
            out += "}"
        }
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 {
                    out += String(format: "\\u%04x", c.value)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// Parses JSON text (numbers become `Double`).
    public static func parse(_ data: Data) throws -> JSONValue {
        let any = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return try convert(any)
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    private static func convert(_ any: Any) throws -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let s as String: return .string(s)
        case let a as [Any]: return .array(try a.map(convert))
        case let d as [String: Any]:
            return .object(try d.keys.sorted().map { ($0, try convert(d[$0]!)) })
        default: throw ParseError(description: "unsupported JSON value")
        }
    }
}

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

    /// Parses JSON text. Numbers become `Double` through Swift's correctly rounded parser, so a
    /// written number reads back bit-identical; `true`/`false` are the only booleans.
    public static func parse(_ data: Data) throws -> JSONValue {
        var parser = Parser(bytes: [UInt8](data))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw ParseError(description: "trailing characters at \(parser.position)") }
        return value
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ literal: String) throws {
            for b in literal.utf8 {
                guard position < bytes.count, bytes[position] == b else { throw ParseError(description: "expected \(literal) at \(position)") }
                position += 1
            }
        }

        mutating func value() throws -> JSONValue {
            skipSpace()
            guard position < bytes.count else { throw ParseError(description: "unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var pairs: [(String, JSONValue)] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(pairs) }
                while true {
                    skipSpace()
                    guard case .string(let key) = try value() else { throw ParseError(description: "object key at \(position)") }
                    skipSpace()
                    try expect(":")
                    pairs.append((key, try value()))
                    skipSpace()
                    if position < bytes.count, bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    try expect("}")
                    return .object(pairs)
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [JSONValue] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    if position < bytes.count, bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    try expect("]")
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                position += 1
                var scalars: [UInt8] = []
                while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                    if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count {
                        position += 1
                        switch bytes[position] {
                        case UInt8(ascii: "n"): scalars.append(0x0A)
                        case UInt8(ascii: "t"): scalars.append(0x09)
                        case UInt8(ascii: "r"): scalars.append(0x0D)
                        case UInt8(ascii: "u"):
                            let hex = String(decoding: bytes[(position + 1)..<min(position + 5, bytes.count)], as: UTF8.self)
                            guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                                throw ParseError(description: "bad escape at \(position)")
                            }
                            scalars += Array(String(Character(scalar)).utf8)
                            position += 4
                        default: scalars.append(bytes[position])
                        }
                    } else {
                        scalars.append(bytes[position])
                    }
                    position += 1
                }
                try expect("\"")
                return .string(String(decoding: scalars, as: UTF8.self))
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default:
                let start = position
                while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
                guard let x = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
                    throw ParseError(description: "bad number at \(start)")
                }
                return .number(x)
            }
        }
    }
}

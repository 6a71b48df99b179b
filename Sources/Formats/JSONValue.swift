import Foundation
import ChainModel
import LinearAlgebra

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
            guard x.count == y.count else { return false }
            let lookup = Dictionary(y, uniquingKeysWith: { first, _ in first })
            return x.allSatisfy { lookup[$0.0] == $0.1 }
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

    /// The number as an Int when it is an integer in `range` (nil for 1.5, 1e300, -1 ...), so
    /// counts and indices read from a file never trap or truncate when converted.
    public func integer(in range: ClosedRange<Int>) -> Int? {
        guard case .number(let x) = self, let n = Int(exactly: x), range.contains(n) else {
            return nil
        }
        return n
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

    package static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    package static func quote(_ s: String) -> String {
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

    /// Parses JSON text (RFC 8259), refusing what a file this project writes never holds, so
    /// that a hand-edited or damaged file is an error and never a trap or a wrong value:
    /// nesting deeper than `maxDepth` (the parser recurses once per level; our files nest at
    /// most 6 deep), numbers outside the Double range (`1e999`), duplicate object keys,
    /// invalid UTF-8, lone surrogates, unescaped control characters. Numbers become `Double`
    /// through Swift's correctly rounded parser, so a written number reads back bit-identical;
    /// everything parsed serializes back to an equal value. Time and memory are linear in the
    /// input size.
    public static func parse(_ data: Data) throws -> JSONValue {
        var parser = Parser(bytes: [UInt8](data))
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == parser.bytes.count else {
            throw ParseError(description: "trailing characters at byte \(parser.position)")
        }
        return value
    }

    /// Deepest nesting of arrays and objects `parse` accepts.
    public static let maxDepth = 64

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    private struct Parser {
        package let bytes: [UInt8]
        package var position = 0

        package init(bytes: [UInt8]) { self.bytes = bytes }

        package func fail(_ what: String) -> ParseError {
            ParseError(description: "\(what) at byte \(position)")
        }

        package var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        package mutating func skipSpace() {
            while let b = current, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                position += 1
            }
        }

        package mutating func expect(_ literal: String) throws {
            for b in literal.utf8 {
                guard current == b else { throw fail("expected \(literal)") }
                position += 1
            }
        }

        package mutating func value(depth: Int) throws -> JSONValue {
            skipSpace()
            guard let first = current else { throw fail("unexpected end") }
            switch first {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < JSONValue.maxDepth else {
                    throw fail("nesting deeper than \(JSONValue.maxDepth)")
                }
                return first == UInt8(ascii: "{")
                    ? try object(depth: depth + 1) : try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default: return .number(try number())
            }
        }

        package mutating func object(depth: Int) throws -> JSONValue {
            position += 1
            var pairs: [(String, JSONValue)] = []
            var keys = Set<String>()
            skipSpace()
            if current == UInt8(ascii: "}") { position += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected an object key") }
                let key = try string()
                guard keys.insert(key).inserted else {
                    throw fail("duplicate key \(JSONValue.quote(key))")
                }
                skipSpace()
                try expect(":")
                pairs.append((key, try value(depth: depth)))
                skipSpace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect("}")
                return .object(pairs)
            }
        }

        package mutating func array(depth: Int) throws -> JSONValue {
            position += 1
            var items: [JSONValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth))
                skipSpace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect("]")
                return .array(items)
            }
        }

        /// Four hex digits after `\u`.
        package mutating func hex4() throws -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let b = current, let digit = Self.hexDigit(b) else {
                    throw fail("bad \\u escape")
                }
                code = code << 4 | digit
                position += 1
            }
            return code
        }

        package static func hexDigit(_ b: UInt8) -> UInt32? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }

        package mutating func string() throws -> String {
            position += 1
            var utf8: [UInt8] = []
            while true {
                guard let b = current else { throw fail("unterminated string") }
                position += 1
                switch b {
                case UInt8(ascii: "\""):
                    guard let s = String(validating: utf8, as: UTF8.self) else {
                        throw fail("invalid UTF-8 in a string")
                    }
                    return s
                case UInt8(ascii: "\\"):
                    guard let e = current else { throw fail("unterminated escape") }
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(e)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        // a high surrogate must pair with a low one
                        if (0xD800..<0xDC00).contains(code) {
                            try expect("\\u")
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else {
                                throw fail("unpaired surrogate")
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else {
                            throw fail("unpaired surrogate")
                        }
                        utf8 += Array(String(Character(scalar)).utf8)
                    default: throw fail("bad escape")
                    }
                default:
                    guard b >= 0x20 else { throw fail("control character in a string") }
                    utf8.append(b)
                }
            }
        }

        /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, finite as a Double.
        package mutating func number() throws -> Double {
            let start = position
            func digits() -> Int {
                let from = position
                while let b = current, b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    position += 1
                }
                return position - from
            }
            if current == UInt8(ascii: "-") { position += 1 }
            let leadingZero = current == UInt8(ascii: "0")
            let integer = digits()
            guard integer > 0, !(leadingZero && integer > 1) else { throw fail("bad number") }
            if current == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw fail("bad number") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw fail("bad number") }
            }
            guard let x = Double(String(decoding: bytes[start..<position], as: UTF8.self)),
                x.isFinite
            else {
                position = start
                throw fail("number outside the Double range")
            }
            return x
        }
    }
}

import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Formats
import TestSupport

/// The JSON reader answers every input with a value or an error (see also the fuzz
/// regressions), and what it accepts round-trips.
@Suite struct JSONValueTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    /// 100000 nested brackets overflowed the recursive parser's stack (compare, merge,
    /// resume crashed); nesting is bounded at 64, far above the 6 levels our files use.
    @Test func nestingIsBounded() throws {
        #expect(throws: JSONValue.ParseError.self) {
            try parse(String(repeating: "[", count: 100_000))
        }
        let deepest =
            String(repeating: "[", count: JSONValue.maxDepth)
            + String(repeating: "]", count: JSONValue.maxDepth)
        #expect(throws: Never.self) { try parse(deepest) }
        #expect(throws: JSONValue.ParseError.self) { try parse("[" + deepest + "]") }
        #expect(throws: JSONValue.ParseError.self) {
            try parse(
                String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65))
        }
    }

    /// Strict RFC 8259 where a lenient reader would give a wrong value: numbers outside the
    /// Double range (1e999 read as inf), non-JSON numbers, duplicate keys (which one wins?),
    /// lone surrogates, invalid UTF-8, raw control characters, trailing text.
    @Test(arguments: [
        "1e999", "-1e999", "01", "1.", ".5", "+1", "0x10", "NaN", "[1,]", "{\"a\":1,\"a\":2}",
        "\"\\ud800\"",
        "\"\\u12\"", "\"\u{01}\"", "[1] x", "\"\\q\"",
    ])
    func malformedIsRefused(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try parse(text) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONValue.ParseError.self) {
            try JSONValue.parse(Data([0x22, 0xFF, 0xFE, 0x22]))
        }
    }

    /// Escapes and surrogate pairs decode; numbers are bit-exact; a parsed value serializes
    /// back to an equal one (compact and pretty).
    @Test func acceptedValuesRoundTrip() throws {
        let v = try parse(
            #"{"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "n": [0.1, -0, 5e-324, "#
                + #"1.7976931348623157e308, 12345678901234567], "o": {"b": true, "a": null}}"#
        )
        #expect(v["s"]?.stringValue == "a\"\\/\u{08}\u{0C}\n\r\t\u{e9}\u{1F600}")
        #expect(
            v["n"]?.flattenedNumbers?.map(\.bitPattern)
                == [0.1, -0.0, 5e-324, .greatestFiniteMagnitude, 12345678901234567].map(
                    \.bitPattern))
        for pretty in [false, true] {
            #expect(try JSONValue.parse(Data(v.serialized(pretty: pretty).utf8)) == v)
        }
        #expect(try parse(#"{"a": 1, "b": 2}"#) == parse(#"{"b": 2, "a": 1}"#))
    }

    /// Counts read from files convert only when they are integers in range.
    @Test func integersAreExact() {
        #expect(JSONValue.number(3).integer(in: 0...10) == 3)
        #expect(JSONValue.number(2.5).integer(in: 0...10) == nil)
        #expect(JSONValue.number(1e300).integer(in: 0...Int.max) == nil)
        #expect(JSONValue.number(9.223372036854775807e18).integer(in: 0...Int.max) == nil)
        #expect(JSONValue.number(-1).integer(in: 0...10) == nil)
    }

    /// JSON numbers round-trip bit for bit.
    @Test func jsonRoundTrip() throws {
        let xs = [0.1, 1.0 / 3.0, 1e-300, -2.5e17, 7]
        let text = JSONValue.object([("x", .numbers(xs))]).serialized()
        let back = try JSONValue.parse(Data(text.utf8))
        #expect(back["x"]?.flattenedNumbers == xs)
    }
}

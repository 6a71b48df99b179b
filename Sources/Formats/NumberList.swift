import Foundation
import ChainModel
import LinearAlgebra

/// Lists of numbers a user gives: `--potential 0.3,-1.2,...` or `--potential @FILE` (one number
/// a line), `--times 0,1,10`. Every item must be a finite decimal number (`1e999`, `nan`,
/// `inf`, hex floats, empty items are refused, naming the item); `-0` reads as 0. A file is
/// read only up to `maxFileBytes`, so `@/dev/zero` or a huge file is refused instead of
/// filling memory; blank lines, a trailing newline, CR LF line ends and a UTF-8 byte-order
/// mark are accepted, and a line may also hold a comma-separated list.
public enum NumberList {
    /// Largest file read: 64 bytes per site for the longest chain any solver takes (L = 100000).
    public static let maxFileBytes = 6_400_000

    /// Parses a comma-separated list (spaces around items allowed).
    public static func parse(_ text: String, option: String) throws -> [Double] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            guard let x = number(item) else {
                throw InputError(
                    option: option, value: "'\(item.trimmingCharacters(in: .whitespaces))'",
                    allowed: "expected a comma-separated list of finite decimal numbers")
            }
            return x
        }
    }

    /// Reads `path` (the text after `@`).
    public static func read(file path: String, option: String) throws -> [Double] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(
                option: option, value: "@\(path)", allowed: "cannot open the file for reading")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: maxFileBytes + 1) ?? Data() } catch {
            throw InputError(
                option: option, value: "@\(path)",
                allowed: "cannot read the file (is it a directory?)")
        }
        guard data.count <= maxFileBytes else {
            throw InputError(
                option: option, value: "@\(path)",
                allowed: "the file is larger than \(maxFileBytes) bytes")
        }
        return try parse(file: data, option: option, name: "@\(path)")
    }

    /// Parses the content of a potential file: numbers one a line.
    public static func parse(file data: Data, option: String, name: String) throws -> [Double] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError(
                option: option, value: name,
                allowed: "the file is not UTF-8 text (one number a line)")
        }
        var out: [Double] = []
        for (n, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .enumerated()
        {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            for item in line.split(separator: ",", omittingEmptySubsequences: false) {
                guard let x = number(item) else {
                    throw InputError(
                        option: option, value: "\(name) line \(n + 1)",
                        allowed:
                            "'\(item.trimmingCharacters(in: .whitespaces))' is not a "
                            + "finite decimal number (one number a line)"
                    )
                }
                out.append(x)
            }
        }
        return out
    }

    /// A finite decimal number: digits, sign, point and exponent only (Swift's `Double(_:)`
    /// alone would also take `nan`, `inf` and hex floats).
    package static func number(_ item: Substring) -> Double? {
        let s = item.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty, s.utf8.allSatisfy({ "0123456789+-.eE".utf8.contains($0) }),
            let x = Double(s), x.isFinite
        else {
            return nil
        }
        return x == 0 ? 0 : x
    }
}

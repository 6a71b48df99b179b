import Foundation
import ChainModel
import LinearAlgebra
import Propagation
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation
import Statistics
import Execution
import Formats
import Agreement

/// The report of `anderson-noise validate`: its rows as the printed table, the JSON report
/// (`--output FILE`, schema `anderson-noise/validate/1`, with the `preflight` object when the
/// preflight ran) and the JUnit XML report (`--junit FILE`).
public struct ValidationReport: Sendable {
    public var rows: [ReportRow]
    public var seconds: Double
    /// The preflight's object (`PreflightRows.json`), when it ran.
    public var preflight: JSONValue?

    public init(rows: [ReportRow], seconds: Double, preflight: JSONValue? = nil) {
        self.rows = rows
        self.seconds = seconds
        self.preflight = preflight
    }

    /// Every row passes or is an estimate.
    public var passed: Bool { !rows.contains(where: \.failed) }

    public static func header(nameWidth: Int) -> String {
        pad("check", nameWidth) + "  " + pad("measured", 12) + "  " + pad("tolerance", 16)
            + "  result"
    }

    /// One table line, and the row's detail indented beneath it when there is one.
    public static func line(_ row: ReportRow, nameWidth: Int) -> String {
        let text =
            pad(row.name, nameWidth) + "  " + pad(String(format: "%.3e", row.measured), 12) + "  "
            + pad(row.criterion, 16) + "  " + row.outcome.rawValue
        return row.detail.map { text + "\n    " + $0 } ?? text
    }

    package static func pad(_ s: String, _ w: Int) -> String {
        s.count >= w ? s : s + String(repeating: " ", count: w - s.count)
    }

    /// The closing line of the table.
    public var summary: String {
        let failed = rows.filter(\.failed)
        return failed.isEmpty
            ? "ALL \(rows.count) CHECKS PASSED in \(String(format: "%.1f", seconds)) s"
            : "\(failed.count) OF \(rows.count) CHECKS FAILED: "
                + "\(failed.map(\.name).joined(separator: "; "))"
    }

    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("schema", .string("anderson-noise/validate/1")),
            ("version", .string(Provenance.version)),
            ("git_commit", .string(Provenance.buildCommit)),
            ("git_dirty", .bool(Provenance.buildDirty)),
            ("passed", .bool(passed)),
            ("seconds", .number(seconds)),
            (
                "checks",
                .array(
                    rows.map { r in
                        var o: [(String, JSONValue)] = [
                            ("name", .string(r.name)), ("measured", .number(r.measured)),
                            ("tolerance", .number(r.tolerance)),
                            ("criterion", .string(r.criterion)), ("passed", .bool(!r.failed)),
                            ("outcome", .string(r.outcome.rawValue)),
                        ]
                        if let d = r.detail { o.append(("detail", .string(d))) }
                        return .object(o)
                    })
            ),
        ]
        if let p = preflight { pairs.append(("preflight", p)) }
        return .object(pairs)
    }

    /// JUnit XML: one <testsuite> per group of rows, one <testcase> per row; a failing row has a
    /// <failure> whose message is its measured value and criterion, an estimate reports its
    /// number in <system-out> (it is not a verdict, so it neither passes nor fails a CI job).
    public var junit: String {
        let failures = rows.filter(\.failed).count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"anderson-noise validate\" tests=\"\(rows.count)\" "
            + "failures=\"\(failures)\" errors=\"0\" time=\"\(Self.seconds(seconds))\">\n"
        var groups: [String] = []
        for r in rows where !groups.contains(r.group) { groups.append(r.group) }
        for g in groups {
            let members = rows.filter { $0.group == g }
            let time = members.compactMap(\.seconds).reduce(0, +)
            out +=
                "  <testsuite name=\"\(Self.escape(g))\" tests=\"\(members.count)\" "
                + "failures=\"\(members.filter(\.failed).count)\" "
                + "errors=\"0\" skipped=\"0\" time=\"\(Self.seconds(time))\">\n"
            for r in members {
                out +=
                    "    <testcase classname=\"anderson-noise.\(Self.escape(g))\" "
                    + "name=\"\(Self.escape(r.name))\""
                out += r.seconds.map { " time=\"\(Self.seconds($0))\"" } ?? ""
                let message =
                    "measured \(String(format: "%.6e", r.measured)); criterion \(r.criterion)"
                switch r.outcome {
                case .pass: out += "/>\n"
                case .fail:
                    out +=
                        ">\n      <failure message=\"\(Self.escape(message))\" type=\"FAIL\">"
                        + "\(Self.escape(r.detail ?? message))</failure>\n    </testcase>\n"
                case .estimate:
                    let text = message + (r.detail.map { "; " + $0 } ?? "")
                    out +=
                        ">\n      <system-out>\(Self.escape(text))</system-out>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func seconds(_ s: Double) -> String { String(format: "%.3f", s) }

    /// XML text and attribute escaping.
    package static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}

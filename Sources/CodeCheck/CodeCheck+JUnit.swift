import Foundation
import CrossChecks

/// The JUnit XML of a check (`check --junit FILE.xml`), for a CI that runs `check` on a
/// code's output: one <testsuite> of one <testcase> per observable, failing when its worst
/// point fails (message: the point, its measure and the limit); an inconclusive check is
/// one <testcase> with <skipped> (no verdict, neither pass nor fail), and a problem that
/// made the comparison fail besides the points is one failing <testcase>.
extension CodeCheck {
    public var junit: String {
        var cases: [String] = []
        for p in comparison.problems {
            cases.append(
                "    <testcase classname=\"anderson-noise.check\" name=\"comparison\">\n"
                    + "      <failure message=\"\(Self.escape(p))\" type=\"FAIL\"/>\n"
                    + "    </testcase>\n")
        }
        for row in rows {
            let w = row.worst
            let by = w.byZ ? "z" : "|a-b|/e"
            let message =
                "\(w.name) at t = \(w.time): \(by) = \(String(format: "%.4g", w.measure)), "
                + "limit \(String(format: "%.4g", w.limit))"
                + (row.detectable.map { String(format: "; detectable %.3g", $0) } ?? "")
            var text =
                "    <testcase classname=\"anderson-noise.check\" "
                + "name=\"\(Self.escape(row.observable))\""
            if comparison.inconclusive != nil {
                text += ">\n      <skipped message=\"\(Self.escape(comparison.inconclusive!))\"/>\n"
                text += "    </testcase>\n"
            } else if w.passed {
                text += "/>\n"
            } else {
                text += ">\n      <failure message=\"\(Self.escape(message))\" type=\"FAIL\"/>\n"
                text += "    </testcase>\n"
            }
            cases.append(text)
        }
        let failures =
            (comparison.inconclusive == nil ? rows.filter { !$0.worst.passed }.count : 0)
            + comparison.problems.count
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"anderson-noise check\" tests=\"\(cases.count)\" "
            + "failures=\"\(failures)\" errors=\"0\">\n"
            + "  <testsuite name=\"check\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
            + "errors=\"0\" skipped=\"\(comparison.inconclusive == nil ? 0 : rows.count)\">\n"
            + cases.joined() + "  </testsuite>\n</testsuites>\n"
    }

    static func escape(_ s: String) -> String { ValidationReport.escape(s) }
}

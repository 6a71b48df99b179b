import Formats
import Agreement

/// The file form of a check (`check --output FILE.json`): schema `anderson-noise/check/1`,
/// `file` (the submitted path), `reference` (how it was computed: `closure`, `lindblad`,
/// `closure_scheme`, `paper_average`), then every field of the comparison's file form
/// (`ResultComparison.json`: verdict, threshold, degrees of freedom, per-observable worst
/// measure and detectable difference, worst points), with the submitted file as `a` and the
/// reference as `b`.
extension CodeCheck {
    public static let schema = "anderson-noise/check/1"

    public func json(file: String) -> JSONValue {
        guard case .object(let pairs) = comparison.json(a: file, b: "reference") else {
            return .null
        }
        return .object(
            [
                ("schema", .string(Self.schema)), ("file", .string(file)),
                ("reference", .string(method.rawValue)),
            ] + pairs.filter { $0.0 != "schema" })
    }
}

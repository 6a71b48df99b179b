import Foundation
import ChainModel
import RunSpecification
import Formats
import CodeCheck

/// One case of the reference catalogue (`anderson-noise reference`): a physics, written out
/// in full (explicit potentials, noisy sites and gammas, initial state), the output times
/// and observables, what the reference is (the exact noise average, or one scheme's at a
/// stated dt), where the case's known facts come from (`source`), and the closed form it
/// meets where one exists.
public struct ReferenceCase: Sendable {
    public static let schema = "anderson-noise/reference-case/1"

    /// The directory name, `DIR/<name>/`.
    public let name: String
    public let summary: String
    /// The literature or derivation behind the case's closed form or limit, in this
    /// project's conventions (the Conventions article).
    public let source: String
    /// The chain (explicit potentials), initial state, times and observables.
    public let spec: RunSpec
    public let against: CheckReference
    public let closedForm: ClosedForm?

    public var observables: [Observable] { spec.observables ?? [] }

    /// The case's parameters as the options of `check` (and of the solvers): every number
    /// written out, in the shortest form that reads back as the same double.
    public var options: [String] {
        func list(_ x: [Double]) -> String {
            x.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" }
                .joined(separator: ",")
        }
        let chain = spec.chain
        var out = [
            "--length", "\(chain.length)", "--hopping", list([chain.hopping]),
            "--potential", list(chain.potentials ?? []),
            "--gamma", list(chain.gammas),
            "--noise-site", chain.noiseSites.map { String($0 + 1) }.joined(separator: ","),
            "--initial", spec.initial.kind.rawValue,
        ]
        switch spec.initial {
        case .ground(let n): out += ["--particles", "\(n)"]
        case .product(_, let occupations):
            out += ["--occupations", (occupations ?? []).map(String.init).joined(separator: ",")]
        case .excitation(let j): out += ["--site", "\(j + 1)"]
        }
        if case .scheme(let s, let dt) = against {
            out += ["--against", "scheme", "--scheme", s.rawValue, "--dt", list([dt])]
        }
        return out
    }

    /// case.json: `schema`, `case`, `summary`, `source`, `against` (exact, lie, strang,
    /// paper) and `dt` for a scheme, `options` (the command-line form), `solver` and
    /// `parameters` (the result-file form `check --parameters` reads, potentials written
    /// out), `times`, `observables`, and `closed_form` (its formula, the observable, and the
    /// largest difference measured when the catalogue was written), or null.
    public func json(closedFormDifference: Double?) -> JSONValue {
        var run = spec
        run.solver = .closure(scheme: .exact, dt: 0.1, tolerance: CheckReference.tolerance)
        var pairs: [(String, JSONValue)] = [
            ("schema", .string(Self.schema)), ("case", .string(name)),
            ("summary", .string(summary)), ("source", .string(source)),
            ("against", .string(against.name)),
        ]
        if let dt = against.dt { pairs.append(("dt", .number(dt))) }
        pairs += [
            ("options", .string(options.joined(separator: " "))),
            ("solver", .string(run.solver.name.rawValue)), ("parameters", .object(run.parameters)),
            ("times", .numbers(spec.times)),
            ("observables", .array(observables.map { .string($0.rawValue) })),
        ]
        if let c = closedForm {
            pairs.append(
                (
                    "closed_form",
                    .object([
                        ("observable", .string(c.observable.rawValue)),
                        ("formula", .string(c.formula)),
                        ("times", .string(c.window)),
                        ("max_abs_difference", closedFormDifference.map(JSONValue.number) ?? .null),
                    ])
                ))
        } else {
            pairs.append(("closed_form", .null))
        }
        return .object(pairs)
    }
}

import Foundation
import ChainModel
import RunSpecification
import Formats
import HDF5Files

/// `check --parameters FILE.json`: the physics a submitted result claims, read from a file
/// of this project: a run directory's run.json (its `identity`), a result.json or result.h5
/// (`HDF5Result`), or a reference case's case.json (`ReferenceCase`), which also names what its
/// reference is (`against`, and `dt` for a scheme). Only the chain and the initial state are
/// taken (the times are the submitted file's, the solver is the reference's); the fields are
/// checked as `RunSpec(solver:parameters:...)` checks a result file's, naming the field.
public enum CheckParameters {
    /// The run the file describes, and the reference a case names (nil for a run or result).
    public static func read(path: String) throws -> (spec: RunSpec, against: CheckReference?) {
        let json: JSONValue
        if HDF5Result.isHDF5(path: path) {
            json = try HDF5Result.document(path: path, option: "parameters")
        } else if let data = FileManager.default.contents(atPath: path),
            let parsed = try? JSONValue.parse(data)
        {
            json = parsed
        } else {
            throw InputError(
                option: "parameters", value: path,
                allowed: "a readable JSON file (run.json, result.json or case.json) or a result.h5")
        }
        let body = json["identity"] ?? json
        guard let solver = body["solver"]?.stringValue, let parameters = body["parameters"] else {
            throw InputError(
                option: "parameters", value: path,
                allowed: "a run.json, result.json or case.json of this project (with solver "
                    + "and parameters)")
        }
        let spec = try RunSpec(
            solver: solver, parameters: parameters, times: [], observables: nil)
        guard let name = json["against"]?.stringValue else { return (spec, nil) }
        if name == "exact" { return (spec, .exact) }
        guard let scheme = Scheme(rawValue: name), scheme != .exact,
            let dt = json["dt"]?.doubleValue, dt > 0, dt <= 10
        else {
            throw InputError(
                option: "parameters", value: "\(path) against \(name)",
                allowed: "exact, or lie, strang or paper with dt in (0, 10]")
        }
        return (spec, .scheme(scheme, dt: dt))
    }
}

import Foundation
import ChainModel
import RunSpecification
import Formats

extension RunDirectory {
    /// The run this directory holds, read from its manifest: the spec's file form, the output
    /// times, the observables written. A damaged or foreign run.json is refused, naming the
    /// field.
    public func readSpec() throws -> RunSpec {
        let identity = try EnsembleIdentity(validating: try readManifest().identity)
        return try RunSpec(
            solver: identity.solver, parameters: .object(identity.parameters),
            times: identity.times,
            observables: identity.layout.entries.map(\.observable))
    }
}

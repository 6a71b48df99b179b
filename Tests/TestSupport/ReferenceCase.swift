import Foundation
import ChainModel
import LinearAlgebra
import Formats

/// One QuTiP reference case of `references/lindblad/` (schema anderson-noise/reference/1).
package struct ReferenceCase {
    package let name: String
    package let chain: Chain
    package let initial: InitialState
    package let times: [Double]
    package let observables: JSONValue

    package static func all() throws -> [ReferenceCase] {
        let dir = TestSupport.referencesDirectory.appendingPathComponent("lindblad")
        let index = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("index.json")))
        return try (index["cases"]?.arrayValue ?? []).compactMap(\.stringValue).map {
            try ReferenceCase(
                json: JSONValue.parse(Data(contentsOf: dir.appendingPathComponent($0))))
        }
    }

    package init(json: JSONValue) throws {
        name = json["case"]!.stringValue!
        let w = json["potentials"]!.flattenedNumbers!
        // Cases with several noisy sites hold the lists noise_sites and gammas, the others the
        // scalar noise_site and gamma.
        let sites = (json["noise_sites"] ?? json["noise_site"]!).flattenedNumbers!.map {
            Int($0) - 1
        }
        let gammas = (json["gammas"] ?? json["gamma"]!).flattenedNumbers!
        chain = Chain(
            hopping: json["hopping"]!.doubleValue!, potentials: w, noiseSites: sites, gammas: gammas
        )
        if json["initial"]!.stringValue == "ground" {
            initial = .ground(particles: Int(json["particles"]!.doubleValue!))
        } else {
            initial = .product(occupations: json["occupations"]!.flattenedNumbers!.map { Int($0) })
        }
        times = json["times"]!.flattenedNumbers!
        observables = json["observables"]!
    }

    /// Reference values of an observable, flattened per time.
    package func values(_ name: String) -> [[Double]] {
        (observables[name]?.arrayValue ?? []).map { $0.flattenedNumbers! }
    }
}

extension Series {
    /// The series flattened per time, in the result-file layout.
    package var perTime: [[Double]] {
        switch self {
        case .scalar(let x): return x.map { [$0] }
        case .vector(let x): return x
        case .matrix(let x): return x.map { $0.flatMap { $0 } }
        case .complexMatrix(let x): return x.map { $0.nestedPairs.flatMap { $0.flatMap { $0 } } }
        }
    }
}

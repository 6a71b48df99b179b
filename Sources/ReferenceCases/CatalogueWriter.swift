import Foundation
import ChainModel
import Formats
import CodeCheck

/// Writes the catalogue: `DIR/<case>/case.json` (`ReferenceCase.json`) and
/// `DIR/<case>/reference.csv` (the check format, `CheckTable.csv`), the numbers from the
/// reference `check` computes for the case (`ReferenceResult`), so that `check
/// DIR/<case>/reference.csv --parameters DIR/<case>/case.json` reproduces them.
public enum CatalogueWriter {
    /// One written case: its reference and, where it has one, the largest difference from
    /// its closed form.
    public struct Written: Sendable {
        public let name: String
        public let method: CheckReference.Method
        public let observables: Observables
        public let closedFormDifference: Double?
    }

    /// The reference of one case.
    public static func compute(_ c: ReferenceCase) throws -> Written {
        let (observables, method) = try ReferenceResult.observables(
            spec: c.spec, observables: c.observables, against: c.against)
        let difference = c.closedForm.map { form in
            form.difference(times: c.spec.times, series: observables[form.observable]!)
        }
        return Written(
            name: c.name, method: method, observables: observables,
            closedFormDifference: difference)
    }

    /// Writes every case of `cases` below `directory` (created; it must not hold them).
    public static func write(
        _ cases: [ReferenceCase] = Catalogue.cases, to directory: String
    ) throws -> [Written] {
        let root = URL(fileURLWithPath: directory)
        var written: [Written] = []
        for c in cases {
            let w = try compute(c)
            let dir = root.appendingPathComponent(c.name)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileOutput.write(
                c.json(closedFormDifference: w.closedFormDifference).serialized(),
                toFile: dir.appendingPathComponent("case.json").path)
            try FileOutput.write(
                CheckTable.csv(times: c.spec.times, observables: w.observables),
                toFile: dir.appendingPathComponent("reference.csv").path)
            written.append(w)
        }
        return written
    }
}

import CHDF5
import ChainModel
import Foundation
import Formats

/// `result.h5`: a `SolverResult` in HDF5 (the HDF5Files article), the same numbers as
/// `result.json` in a container that h5py, HDF5.jl and MATLAB read without parsing text:
/// - root attributes `schema` (`SolverResult.schema`, as in result.json) and `solver`;
/// - dataset `times`, float64 [T];
/// - group `observables`, one dataset per file key in result.json's order: a scalar series
///   float64 [T], a vector series float64 [T, n], a real matrix series float64 [T, L, L]
///   (`[time][row][column]`), a complex matrix series [T, L, L] of the compound {r, i} of two
///   doubles (h5py's complex128); standard errors (`<key>_stderr`) the same;
/// - groups `parameters`, `statistics` (int64 counts) and `provenance`, with result.json's
///   fields as attributes (`HDF5Attributes`).
/// Every double is the one result.json holds (a non-finite number, null in JSON, is NaN or
/// an infinity here).
public enum HDF5Result {
    public static let fileName = "result.h5"

    /// Writes the file through `FileOutput` (whole under a temporary name, synced, renamed):
    /// the library builds it in a scratch file beside `path`, which is read back and removed,
    /// so a failed write is `FileOutput`'s `IOFailure` (a failure of the library: an
    /// `IOFailure` naming its call).
    public static func write(_ result: SolverResult, toFile path: String) throws {
        let url = URL(fileURLWithPath: path)
        let scratch = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).building-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do {
            try build(result, at: scratch)
        } catch let failure as HDF5Failure {
            throw IOFailure("cannot write \(path): \(failure)")
        }
        guard let data = FileManager.default.contents(atPath: scratch) else {
            throw IOFailure("cannot write \(path): its scratch file \(scratch) cannot be read")
        }
        try FileOutput.write(data, toFile: path)
    }

    /// Writes the file at `path` (created or truncated) and closes it.
    ///
    /// (Not through HDF5's in-memory driver: in libhdf5 1.10.8 an image taken with
    /// `H5Fget_file_image` of a file of the 1.8 format failed its metadata checksum on opening.)
    static func build(_ result: SolverResult, at path: String) throws {
        silenceLibraryErrors()
        let fapl = try HDF5Object.list(H5Pcreate(chdf5_file_access()), "H5Pcreate")
        try check(
            H5Pset_libver_bounds(fapl.id, H5F_LIBVER_V18, H5F_LIBVER_V18), "H5Pset_libver_bounds")
        let fcpl = try HDF5Object.list(H5Pcreate(chdf5_file_create()), "H5Pcreate")
        let order = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
        try check(H5Pset_attr_creation_order(fcpl.id, order), "H5Pset_attr_creation_order")
        try check(H5Pset_link_creation_order(fcpl.id, order), "H5Pset_link_creation_order")
        try check(H5Pset_obj_track_times(fcpl.id, false), "H5Pset_obj_track_times")
        let file = H5Fcreate(path, chdf5_acc_trunc(), fcpl.id, fapl.id)
        guard file >= 0 else { throw HDF5Failure(operation: "H5Fcreate") }
        do {
            try fill(file, result)
        } catch {
            _ = H5Fclose(file)
            throw error
        }
        try check(H5Fclose(file), "H5Fclose")
    }

    private static func fill(_ file: hid_t, _ result: SolverResult) throws {
        // The head of result.json (no times, no observables): the fields as JSON has them.
        let head = SolverResult(
            solver: result.solver, parameters: result.parameters, times: [],
            observables: Observables(), disorderRealizations: result.disorderRealizations,
            noiseRealizations: result.noiseRealizations, provenance: result.provenance
        ).json
        try HDF5Attributes.write(.string(SolverResult.schema), attribute: "schema", on: file)
        try HDF5Attributes.write(.string(result.solver), attribute: "solver", on: file)
        try HDF5Attributes.write(result.parameters, group: "parameters", in: file)
        try HDF5Datasets.write(.scalar(result.times), name: "times", in: file)
        let observables = try HDF5Attributes.createGroup("observables", in: file)
        for (name, series) in result.observables.entries {
            try HDF5Datasets.write(series, name: name, in: observables.id)
        }
        for (key, integers) in [("statistics", true), ("provenance", false)] {
            guard case .object(let pairs)? = head[key] else { continue }
            try HDF5Attributes.write(pairs, group: key, in: file, integers: integers)
        }
    }

    /// Reads a result.h5 back as the document result.json holds (`JSONValue` of the same
    /// keys in the same order, complex numbers as `[re, im]`, non-finite numbers null), so
    /// that every reader of result.json reads it. Throws `InputError` naming `option` and the
    /// file when it is no result.h5 of this tool.
    public static func document(path: String, option: String) throws -> JSONValue {
        silenceLibraryErrors()
        func refuse(_ why: String) -> InputError {
            InputError(
                option: option, value: path,
                allowed:
                    "is not an anderson-noise result.h5 (schema \(SolverResult.schema)): \(why)")
        }
        do {
            let file = try HDF5Object(
                H5Fopen(path, chdf5_acc_rdonly(), chdf5_default()), "H5Fopen", close: H5Fclose)
            let rootGroup = try HDF5Object.group(
                H5Gopen2(file.id, "/", chdf5_default()), "H5Gopen2 /")
            let root = try HDF5Attributes.attributes(of: rootGroup.id)
            let attribute = { (key: String) in root.first { $0.0 == key }?.1 }
            guard attribute("schema") == .string(SolverResult.schema),
                let solver = attribute("solver")
            else { throw refuse("no schema attribute \(SolverResult.schema)") }
            let group = try HDF5Object.group(
                H5Gopen2(file.id, "observables", chdf5_default()), "H5Gopen2 observables")
            let observables = try HDF5Attributes.linkNames(group.id).map {
                ($0, try HDF5Datasets.read($0, in: group.id))
            }
            return .object([
                ("schema", .string(SolverResult.schema)),
                ("solver", solver),
                ("parameters", try HDF5Attributes.read(group: "parameters", in: file.id)),
                ("times", try HDF5Datasets.read("times", in: file.id)),
                ("observables", .object(observables)),
                ("statistics", try HDF5Attributes.read(group: "statistics", in: file.id)),
                ("provenance", try HDF5Attributes.read(group: "provenance", in: file.id)),
            ])
        } catch let failure as HDF5Failure {
            throw refuse(failure.description)
        }
    }

    /// Whether the file at `path` begins with HDF5's signature (\211HDF\r\n\032\n).
    public static func isHDF5(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path),
            let head = try? handle.read(upToCount: 8)
        else { return false }
        return head == Data([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])
    }
}

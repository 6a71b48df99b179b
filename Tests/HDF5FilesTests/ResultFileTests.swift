import CHDF5
import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Formats
import HDF5Files

/// result.h5 holds the very doubles of result.json: read with the HDF5 C API directly (not
/// through the module's reader), every observable kind (scalar series, vectors, real and
/// complex matrices, standard errors) has the bits of the in-memory result, and the module's
/// reader gives back result.json's document exactly. The tolerance is zero: the file stores
/// the doubles themselves, no arithmetic is done on the way.
@Suite struct ResultFileTests {
    /// Doubles that a decimal or a float32 detour would change: full 53-bit mantissas, the
    /// extremes of the range, a subnormal, a negative zero.
    static func value(_ n: Int) -> Double {
        let specials = [1.0 / 3, -2.5e-300, 1.7976931348623157e308, 5e-324, -0.0, 0.1]
        return n < specials.count ? specials[n] : sin(Double(n) * 1.234_567_89) * 1e3 / Double(n)
    }

    static func complexMatrix(_ l: Int, offset: Int) -> ComplexMatrix {
        var m = ComplexMatrix(rows: l, columns: l)
        for n in 0..<(l * l) {
            m.re[n] = value(offset + 2 * n)
            m.im[n] = value(offset + 2 * n + 1)
        }
        return m
    }

    static let l = 3
    static let times = [0.0, 0.5, 1e4]

    static var result: SolverResult {
        var obs = Observables()
        let t = times.indices
        obs[.energy] = .scalar(t.map { value($0) })
        obs[stderr: .energy] = .scalar([0, .nan, 2e-3])
        obs[.density] = .vector(t.map { k in (0..<l).map { value(10 + k * l + $0) } })
        obs[stderr: .density] = .vector(t.map { k in (0..<l).map { value(40 + k * l + $0) } })
        obs[.nn] = .matrix(
            t.map { k in (0..<l).map { i in (0..<l).map { value(70 + 9 * k + 3 * i + $0) } } })
        obs[.rhoS] = .complexMatrix(t.map { complexMatrix(l, offset: 200 + 50 * $0) })
        obs[stderr: .rhoS] = .complexMatrix(t.map { complexMatrix(l, offset: 400 + 50 * $0) })
        return SolverResult(
            solver: "closure",
            parameters: [
                ("length", .number(Double(l))), ("gamma", .number(0.1)),
                ("noise_sites", .numbers([2])), ("seed", .string("18446744073709551615")),
                ("potential", .numbers([0.3, -0.8, 1.0 / 7])), ("scheme", .string("strang")),
            ],
            times: times, observables: obs, disorderRealizations: 7, noiseRealizations: 3,
            provenance: Provenance(
                started: Date(timeIntervalSince1970: 1_780_000_000), wallSeconds: 1.25,
                threads: 2, builds: [(Build.current, 5), (Build.unrecorded, 2)]))
    }

    static func written() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("anr-h5-\(UUID().uuidString).h5").path
        try HDF5Result.write(result, toFile: path)
        return path
    }

    /// A dataset read through the C API as doubles (a compound {r, i} as two per entry), with
    /// its dimensions.
    static func dataset(_ path: String, _ name: String) throws -> (dims: [Int], values: [Double]) {
        let file = H5Fopen(path, chdf5_acc_rdonly(), chdf5_default())
        try #require(file >= 0)
        defer { H5Fclose(file) }
        let d = H5Dopen2(file, name, chdf5_default())
        try #require(d >= 0)
        defer { H5Dclose(d) }
        let space = H5Dget_space(d)
        defer { H5Sclose(space) }
        var dims = [hsize_t](repeating: 0, count: Int(H5Sget_simple_extent_ndims(space)))
        _ = H5Sget_simple_extent_dims(space, &dims, nil)
        let fileType = H5Dget_type(d)
        defer { H5Tclose(fileType) }
        let complex = H5Tget_class(fileType) == H5T_COMPOUND
        var memory = chdf5_native_double()
        if complex {
            #expect(H5Tget_nmembers(fileType) == 2)
            #expect(String(cString: H5Tget_member_name(fileType, 0)) == "r")
            #expect(String(cString: H5Tget_member_name(fileType, 1)) == "i")
            memory = H5Tcreate(H5T_COMPOUND, 16)
            H5Tinsert(memory, "r", 0, chdf5_native_double())
            H5Tinsert(memory, "i", 8, chdf5_native_double())
        }
        defer { if complex { H5Tclose(memory) } }
        let count = dims.reduce(1) { $0 * Int($1) } * (complex ? 2 : 1)
        var x = [Double](repeating: 0, count: count)
        try #require(H5Dread(d, memory, 0, 0, chdf5_default(), &x) >= 0)
        return (dims.map { Int($0) }, x)
    }

    static func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

    @Test func everyObservableKindHasTheSameBits() throws {
        let path = try Self.written()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = Self.result, n = Self.times.count, l = Self.l
        let times = try Self.dataset(path, "times")
        #expect(times.dims == [n] && Self.bits(times.values) == Self.bits(Self.times))
        for key in ["energy", "energy_stderr"] {
            guard case .scalar(let x)? = r.observables[key] else {
                Issue.record("no \(key)"); continue
            }
            let got = try Self.dataset(path, "observables/\(key)")
            #expect(got.dims == [n] && Self.bits(got.values) == Self.bits(x), "\(key)")
        }
        for key in ["density", "density_stderr"] {
            guard case .vector(let x)? = r.observables[key] else {
                Issue.record("no \(key)"); continue
            }
            let got = try Self.dataset(path, "observables/\(key)")
            #expect(
                got.dims == [n, l] && Self.bits(got.values) == Self.bits(x.flatMap { $0 }), "\(key)"
            )
        }
        guard case .matrix(let nn)? = r.observables[.nn] else { Issue.record("no nn"); return }
        let gotNN = try Self.dataset(path, "observables/nn")
        #expect(gotNN.dims == [n, l, l])
        #expect(Self.bits(gotNN.values) == Self.bits(nn.flatMap { $0.flatMap { $0 } }))
        for key in ["rho_s", "rho_s_stderr"] {
            guard case .complexMatrix(let x)? = r.observables[key] else {
                Issue.record("no \(key)"); continue
            }
            let got = try Self.dataset(path, "observables/\(key)")
            #expect(got.dims == [n, l, l], "\(key)")
            // [time][row][column] of {r, i}: entry (i, j) of the matrix at time k.
            let expected = x.flatMap { m in
                (0..<l).flatMap { i in (0..<l).flatMap { j in [m[i, j].real, m[i, j].imaginary] } }
            }
            #expect(Self.bits(got.values) == Self.bits(expected), "\(key)")
        }
    }

    /// The schema and the statistics as attributes of the types the article states.
    @Test func attributesAreTyped() throws {
        let path = try Self.written()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = H5Fopen(path, chdf5_acc_rdonly(), chdf5_default())
        try #require(file >= 0)
        defer { H5Fclose(file) }
        let schema = H5Aopen(file, "schema", chdf5_default())
        try #require(schema >= 0)
        defer { H5Aclose(schema) }
        let stringType = H5Aget_type(schema)
        defer { H5Tclose(stringType) }
        #expect(H5Tget_class(stringType) == H5T_STRING && H5Tis_variable_str(stringType) > 0)
        var text: UnsafeMutablePointer<CChar>?
        try #require(H5Aread(schema, stringType, &text) >= 0)
        #expect(text.map { String(cString: $0) } == SolverResult.schema)
        free(text)
        let count = H5Aopen_by_name(
            file, "statistics", "disorder_realizations", chdf5_default(), chdf5_default())
        try #require(count >= 0)
        defer { H5Aclose(count) }
        let countType = H5Aget_type(count)
        defer { H5Tclose(countType) }
        #expect(H5Tget_class(countType) == H5T_INTEGER && H5Tget_size(countType) == 8)
        var r: Int64 = 0
        try #require(H5Aread(count, chdf5_native_int64(), &r) >= 0)
        #expect(r == 7)
    }

    /// The module's reader gives result.json's document: the same keys in the same order and
    /// the same numbers (NaN, null in JSON, reads back as null), so serializing it gives
    /// result.json byte for byte.
    @Test func readerGivesTheJSONDocument() throws {
        let path = try Self.written()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(HDF5Result.isHDF5(path: path))
        let document = try HDF5Result.document(path: path, option: "test")
        let json = Self.result.json.serialized()
        #expect(document.serialized() == json)
        #expect(document == (try JSONValue.parse(Data(json.utf8))))
    }

    /// A file that is no result.h5 is refused naming the option and the file.
    @Test func otherFilesAreRefused() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("anr-h5-\(UUID().uuidString).h5").path
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(!HDF5Result.isHDF5(path: path))
        #expect(throws: InputError.self) { try HDF5Result.document(path: path, option: "compare") }
    }
}

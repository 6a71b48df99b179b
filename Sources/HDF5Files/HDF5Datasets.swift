import CHDF5
import ChainModel
import Formats

/// One observable's series as a dataset (contiguous, uncompressed: the fastest to load), the
/// time as its first dimension, rows before columns (C order, as result.json nests them).
enum HDF5Datasets {
    static func write(_ series: Series, name: String, in group: hid_t) throws {
        switch series {
        case .scalar(let x):
            try write(name, in: group, dims: [x.count], complex: false, x)
        case .vector(let x):
            let n = x.first?.count ?? 0
            guard x.allSatisfy({ $0.count == n }) else { throw ragged(name) }
            try write(name, in: group, dims: [x.count, n], complex: false, x.flatMap { $0 })
        case .matrix(let x):
            let r = x.first?.count ?? 0, c = x.first?.first?.count ?? 0
            guard x.allSatisfy({ $0.count == r && $0.allSatisfy { $0.count == c } }) else {
                throw ragged(name)
            }
            try write(
                name, in: group, dims: [x.count, r, c], complex: false,
                x.flatMap { $0.flatMap { $0 } })
        case .complexMatrix(let x):
            let r = x.first?.rows ?? 0, c = x.first?.columns ?? 0
            guard x.allSatisfy({ $0.rows == r && $0.columns == c }) else { throw ragged(name) }
            // ComplexMatrix is column-major with split parts; the file is [time][row][column]
            // of interleaved {r, i}.
            var flat = [Double](repeating: 0, count: 2 * x.count * r * c)
            var k = 0
            for m in x {
                for i in 0..<r {
                    for j in 0..<c {
                        flat[k] = m.re[j * r + i]
                        flat[k + 1] = m.im[j * r + i]
                        k += 2
                    }
                }
            }
            try write(name, in: group, dims: [x.count, r, c], complex: true, flat)
        }
    }

    private static func ragged(_ name: String) -> HDF5Failure {
        HDF5Failure(operation: "writing \(name): entries of different shapes at different times")
    }

    private static func write(
        _ name: String, in group: hid_t, dims: [Int], complex: Bool, _ flat: [Double]
    ) throws {
        let space = try HDF5Types.space(dims)
        let complexType = complex ? try HDF5Types.complex() : nil
        let type = complexType?.id ?? chdf5_ieee_f64le()
        let memory = complexType?.id ?? chdf5_native_double()
        let dcpl = try HDF5Object.list(H5Pcreate(chdf5_dataset_create()), "H5Pcreate")
        try check(H5Pset_obj_track_times(dcpl.id, false), "H5Pset_obj_track_times")
        let d = try HDF5Object.dataset(
            H5Dcreate2(group, name, type, space.id, chdf5_default(), dcpl.id, chdf5_default()),
            "H5Dcreate2 \(name)")
        try flat.withUnsafeBufferPointer { p in
            try check(
                H5Dwrite(d.id, memory, 0, 0, chdf5_default(), p.baseAddress), "H5Dwrite \(name)")
        }
    }

    /// A dataset as result.json nests it: a list over the first dimension, of lists over the
    /// next, ...; a compound {r, i} as `[re, im]`; a non-finite number as null.
    static func read(_ name: String, in group: hid_t) throws -> JSONValue {
        let d = try HDF5Object.dataset(H5Dopen2(group, name, chdf5_default()), "H5Dopen2 \(name)")
        let space = try HDF5Object.space(H5Dget_space(d.id), "H5Dget_space")
        let rank = Int(H5Sget_simple_extent_ndims(space.id))
        guard rank >= 1 else { throw HDF5Failure(operation: "reading \(name): not an array") }
        var dims = [hsize_t](repeating: 0, count: rank)
        _ = H5Sget_simple_extent_dims(space.id, &dims, nil)
        let type = try HDF5Object.type(H5Dget_type(d.id), "H5Dget_type")
        let complex = H5Tget_class(type.id) == H5T_COMPOUND
        let memoryType = complex ? try HDF5Types.complex() : nil
        let count = dims.reduce(1) { $0 * Int($1) } * (complex ? 2 : 1)
        var flat = [Double](repeating: 0, count: count)
        try flat.withUnsafeMutableBufferPointer { p in
            try check(
                H5Dread(
                    d.id, memoryType?.id ?? chdf5_native_double(), 0, 0, chdf5_default(),
                    p.baseAddress),
                "H5Dread \(name)")
        }
        func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        var items: [JSONValue] =
            complex
            ? stride(from: 0, to: count, by: 2).map {
                .array([number(flat[$0]), number(flat[$0 + 1])])
            }
            : flat.map(number)
        for k in stride(from: rank - 1, to: 0, by: -1) {
            let n = Int(dims[k])
            let outer = dims[..<k].reduce(1) { $0 * Int($1) }
            items =
                n == 0
                ? Array(repeating: .array([]), count: outer)
                : (0..<outer).map { .array(Array(items[($0 * n)..<(($0 + 1) * n)])) }
        }
        return .array(items)
    }
}

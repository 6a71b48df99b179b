import CHDF5

/// A failed call of the HDF5 library, naming the operation (the library's own error stack is
/// silenced: callers turn this into an `IOFailure` or an `InputError` naming the file).
struct HDF5Failure: Error, CustomStringConvertible {
    let operation: String
    var description: String { "HDF5 \(operation) failed" }
}

/// An open HDF5 identifier, closed with its kind's close function when released.
final class HDF5Object {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    /// Takes `id` (negative: the call failed, and `operation` is thrown).
    init(_ id: hid_t, _ operation: String, close: @escaping (hid_t) -> herr_t) throws {
        guard id >= 0 else { throw HDF5Failure(operation: operation) }
        self.id = id
        self.close = close
    }

    deinit { _ = close(id) }

    static func group(_ id: hid_t, _ operation: String) throws -> HDF5Object {
        try HDF5Object(id, operation, close: H5Gclose)
    }
    static func dataset(_ id: hid_t, _ operation: String) throws -> HDF5Object {
        try HDF5Object(id, operation, close: H5Dclose)
    }
    static func attribute(_ id: hid_t, _ operation: String) throws -> HDF5Object {
        try HDF5Object(id, operation, close: H5Aclose)
    }
    static func space(_ id: hid_t, _ operation: String) throws -> HDF5Object {
        try HDF5Object(id, operation, close: H5Sclose)
    }
    static func type(_ id: hid_t, _ operation: String) throws -> HDF5Object {
        try HDF5Object(id, operation, close: H5Tclose)
    }
    static func list(_ id: hid_t, _ operation: String) throws -> HDF5Object {
        try HDF5Object(id, operation, close: H5Pclose)
    }
    static func object(_ id: hid_t, _ operation: String) throws -> HDF5Object {
        try HDF5Object(id, operation, close: H5Oclose)
    }
}

/// Throws for a negative status of an HDF5 call.
func check(_ status: herr_t, _ operation: String) throws {
    guard status >= 0 else { throw HDF5Failure(operation: operation) }
}

/// The library prints its error stack on every failed call unless told not to, per thread
/// (Debian's build is thread-safe): every entry point calls this first.
func silenceLibraryErrors() {
    _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
}

/// The types this module writes and reads.
enum HDF5Types {
    /// A complex number: the compound {r, i} of two doubles (h5py's convention, which
    /// h5py reads as complex128 and HDF5.jl as ComplexF64).
    static func complex() throws -> HDF5Object {
        let t = try HDF5Object.type(H5Tcreate(H5T_COMPOUND, 16), "H5Tcreate compound")
        try check(H5Tinsert(t.id, "r", 0, chdf5_native_double()), "H5Tinsert r")
        try check(H5Tinsert(t.id, "i", 8, chdf5_native_double()), "H5Tinsert i")
        return t
    }

    /// A UTF-8 string of variable length (h5py reads it as str, HDF5.jl as String).
    static func string() throws -> HDF5Object {
        let t = try HDF5Object.type(H5Tcopy(chdf5_c_s1()), "H5Tcopy string")
        try check(H5Tset_size(t.id, chdf5_variable()), "H5Tset_size")
        try check(H5Tset_cset(t.id, H5T_CSET_UTF8), "H5Tset_cset")
        return t
    }

    /// A boolean: the enum {FALSE = 0, TRUE = 1} over int8 (h5py's convention: it reads it as
    /// numpy bool).
    static func bool() throws -> HDF5Object {
        let t = try HDF5Object.type(H5Tenum_create(chdf5_native_int8()), "H5Tenum_create")
        var no: Int8 = 0, yes: Int8 = 1
        try check(H5Tenum_insert(t.id, "FALSE", &no), "H5Tenum_insert")
        try check(H5Tenum_insert(t.id, "TRUE", &yes), "H5Tenum_insert")
        return t
    }

    /// A simple dataspace of `dims`.
    static func space(_ dims: [Int]) throws -> HDF5Object {
        let d = dims.map { hsize_t($0) }
        return try HDF5Object.space(H5Screate_simple(Int32(d.count), d, nil), "H5Screate_simple")
    }
}

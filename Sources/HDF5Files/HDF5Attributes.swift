import CHDF5
import Foundation
import Formats

/// A JSON object as an HDF5 group's attributes, in creation order (no object records the time it
/// was written: the same result gives the same bytes but for its provenance):
/// - a number: a float64 scalar (an integer one: int64, where the caller asks for integers);
/// - a string: a variable-length UTF-8 string; a bool: the enum {FALSE, TRUE} over int8;
/// - null: an attribute with an empty (null) dataspace;
/// - a list of numbers (null: NaN), of strings or of bools: a one-dimensional attribute;
/// - an object: a subgroup of the same form; a list of objects: a subgroup whose subgroups are
///   named 0, 1, ... (it has no attributes of its own).
/// Reading gives the object back, attributes first, then subgroups.
enum HDF5Attributes {
    /// A group for attributes: creation order tracked and indexed, attributes in dense storage
    /// (which holds attributes larger than 64 KiB, such as the potential of a long chain).
    static func createGroup(_ name: String, in parent: hid_t) throws -> HDF5Object {
        let gcpl = try HDF5Object.list(H5Pcreate(chdf5_group_create()), "H5Pcreate")
        let order = UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)
        try check(H5Pset_attr_creation_order(gcpl.id, order), "H5Pset_attr_creation_order")
        try check(H5Pset_link_creation_order(gcpl.id, order), "H5Pset_link_creation_order")
        try check(H5Pset_attr_phase_change(gcpl.id, 0, 0), "H5Pset_attr_phase_change")
        try check(H5Pset_obj_track_times(gcpl.id, false), "H5Pset_obj_track_times")
        return try HDF5Object.group(
            H5Gcreate2(parent, name, chdf5_default(), gcpl.id, chdf5_default()),
            "H5Gcreate2 \(name)")
    }

    /// Writes `pairs` on the group `name` below `parent`.
    static func write(
        _ pairs: [(String, JSONValue)], group name: String, in parent: hid_t,
        integers: Bool = false
    ) throws {
        let group = try createGroup(name, in: parent)
        for (key, value) in pairs {
            switch value {
            case .object(let inner):
                try write(inner, group: key, in: group.id, integers: integers)
            case .array(let items) where !items.isEmpty && items.allSatisfy(\.isObject):
                let list = try createGroup(key, in: group.id)
                for (n, item) in items.enumerated() {
                    if case .object(let inner) = item {
                        try write(inner, group: String(n), in: list.id, integers: integers)
                    }
                }
            default:
                try write(value, attribute: key, on: group.id, integers: integers)
            }
        }
    }

    /// One attribute (no object, no list of objects).
    static func write(
        _ value: JSONValue, attribute name: String, on object: hid_t, integers: Bool = false
    ) throws {
        switch value {
        case .null:
            let space = try HDF5Object.space(H5Screate(H5S_NULL), "H5Screate null")
            _ = try create(name, on: object, type: chdf5_ieee_f64le(), space: space.id)
        case .number(let x):
            if integers, let n = Int64(exactly: x) {
                try writeScalar(
                    name, on: object, file: chdf5_std_i64le(), memory: chdf5_native_int64(), n)
            } else {
                try writeScalar(
                    name, on: object, file: chdf5_ieee_f64le(), memory: chdf5_native_double(), x)
            }
        case .bool(let b):
            let t = try HDF5Types.bool()
            try writeScalar(name, on: object, file: t.id, memory: t.id, Int8(b ? 1 : 0))
        case .string(let s):
            let t = try HDF5Types.string()
            try writeStrings(name, on: object, type: t.id, [s], dims: [])
        case .array(let items):
            let dims = [items.count]
            if items.allSatisfy(\.isString) {
                let t = try HDF5Types.string()
                try writeStrings(
                    name, on: object, type: t.id, items.map { $0.stringValue! }, dims: dims)
            } else if !items.isEmpty && items.allSatisfy(\.isBool) {
                let t = try HDF5Types.bool()
                let flags = items.map { Int8($0 == .bool(true) ? 1 : 0) }
                try writeArray(name, on: object, file: t.id, memory: t.id, flags, dims: dims)
            } else if items.allSatisfy({ $0.isNumberOrNull }) {
                let x = items.map { $0.doubleValue ?? .nan }
                try writeArray(
                    name, on: object, file: chdf5_ieee_f64le(), memory: chdf5_native_double(), x,
                    dims: dims)
            } else {
                throw HDF5Failure(operation: "writing \(name): a list of mixed or nested values")
            }
        case .object:
            throw HDF5Failure(operation: "writing \(name): an object as an attribute")
        }
    }

    private static func create(
        _ name: String, on object: hid_t, type: hid_t, space: hid_t
    ) throws -> HDF5Object {
        try HDF5Object.attribute(
            H5Acreate2(object, name, type, space, chdf5_default(), chdf5_default()),
            "H5Acreate2 \(name)")
    }

    private static func writeScalar<T: BitwiseCopyable>(
        _ name: String, on object: hid_t, file: hid_t, memory: hid_t, _ value: T
    ) throws {
        let space = try HDF5Object.space(H5Screate(H5S_SCALAR), "H5Screate scalar")
        let a = try create(name, on: object, type: file, space: space.id)
        try withUnsafeBytes(of: value) { v in
            try check(H5Awrite(a.id, memory, v.baseAddress), "H5Awrite \(name)")
        }
    }

    private static func writeArray<T>(
        _ name: String, on object: hid_t, file: hid_t, memory: hid_t, _ values: [T], dims: [Int]
    ) throws {
        let space = try HDF5Types.space(dims)
        let a = try create(name, on: object, type: file, space: space.id)
        try values.withUnsafeBufferPointer { p in
            try check(H5Awrite(a.id, memory, p.baseAddress), "H5Awrite \(name)")
        }
    }

    private static func writeStrings(
        _ name: String, on object: hid_t, type: hid_t, _ strings: [String], dims: [Int]
    ) throws {
        let space =
            dims.isEmpty
            ? try HDF5Object.space(H5Screate(H5S_SCALAR), "H5Screate scalar")
            : try HDF5Types.space(dims)
        let a = try create(name, on: object, type: type, space: space.id)
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        try pointers.withUnsafeBufferPointer { p in
            try check(H5Awrite(a.id, type, p.baseAddress), "H5Awrite \(name)")
        }
    }
}

extension JSONValue {
    var isObject: Bool { if case .object = self { true } else { false } }
    var isString: Bool { if case .string = self { true } else { false } }
    var isBool: Bool { if case .bool = self { true } else { false } }
    var isNumberOrNull: Bool {
        switch self {
        case .number, .null: true
        default: false
        }
    }
}

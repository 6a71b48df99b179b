import CHDF5
import Formats

extension HDF5Attributes {
    /// The group `name` below `parent` read back as the object `write` wrote: attributes in
    /// creation order (name order for a group that does not track it), then subgroups.
    static func read(group name: String, in parent: hid_t) throws -> JSONValue {
        let group = try HDF5Object.group(
            H5Gopen2(parent, name, chdf5_default()), "H5Gopen2 \(name)")
        var pairs = try attributes(of: group.id)
        let children = try linkNames(group.id)
        let isList =
            pairs.isEmpty && !children.isEmpty
            && children.enumerated().allSatisfy { $0.element == String($0.offset) }
        var items: [JSONValue] = []
        for child in children {
            let inner = try read(group: child, in: group.id)
            if isList { items.append(inner) } else { pairs.append((child, inner)) }
        }
        return isList ? .array(items) : .object(pairs)
    }

    /// A group's attributes, in creation order where the group tracks it, else in name order.
    static func attributes(of group: hid_t) throws -> [(String, JSONValue)] {
        let gcpl = try HDF5Object.list(H5Gget_create_plist(group), "H5Gget_create_plist")
        var order: UInt32 = 0
        try check(H5Pget_attr_creation_order(gcpl.id, &order), "H5Pget_attr_creation_order")
        let index =
            order & UInt32(H5P_CRT_ORDER_TRACKED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME
        var pairs: [(String, JSONValue)] = []
        var n: hsize_t = 0
        while true {
            let id = H5Aopen_by_idx(
                group, ".", index, H5_ITER_INC, n, chdf5_default(), chdf5_default())
            if id < 0 { break }
            let a = try HDF5Object.attribute(id, "H5Aopen_by_idx")
            pairs.append((try attributeName(a.id), try value(of: a.id)))
            n += 1
        }
        return pairs
    }

    /// The names of a group's links (subgroups and datasets), in creation order where the
    /// group tracks it, else in name order.
    static func linkNames(_ group: hid_t) throws -> [String] {
        var info = H5G_info_t()
        try check(H5Gget_info(group, &info), "H5Gget_info")
        let index = info.max_corder > 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME
        return try (0..<info.nlinks).map { n in
            let size = H5Lget_name_by_idx(
                group, ".", index, H5_ITER_INC, n, nil, 0, chdf5_default())
            guard size >= 0 else { throw HDF5Failure(operation: "H5Lget_name_by_idx") }
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            _ = H5Lget_name_by_idx(
                group, ".", index, H5_ITER_INC, n, &buffer, buffer.count, chdf5_default())
            return text(buffer)
        }
    }

    /// A NUL-terminated buffer as UTF-8 text.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func attributeName(_ a: hid_t) throws -> String {
        let size = H5Aget_name(a, 0, nil)
        guard size >= 0 else { throw HDF5Failure(operation: "H5Aget_name") }
        var buffer = [CChar](repeating: 0, count: size + 1)
        _ = H5Aget_name(a, buffer.count, &buffer)
        return text(buffer)
    }

    /// One attribute's value: a scalar as a single value, a one-dimensional one as a list.
    private static func value(of a: hid_t) throws -> JSONValue {
        let space = try HDF5Object.space(H5Aget_space(a), "H5Aget_space")
        let kind = H5Sget_simple_extent_type(space.id)
        if kind == H5S_NULL { return .null }
        let count = Int(H5Sget_simple_extent_npoints(space.id))
        let scalar = kind == H5S_SCALAR
        let type = try HDF5Object.type(H5Aget_type(a), "H5Aget_type")
        let items: [JSONValue]
        switch H5Tget_class(type.id) {
        case H5T_FLOAT, H5T_INTEGER:
            var x = [Double](repeating: 0, count: count)
            try check(H5Aread(a, chdf5_native_double(), &x), "H5Aread")
            items = x.map { $0.isFinite ? .number($0) : .null }
        case H5T_ENUM:
            let t = try HDF5Types.bool()
            var x = [Int8](repeating: 0, count: count)
            try check(H5Aread(a, t.id, &x), "H5Aread")
            items = x.map { .bool($0 != 0) }
        case H5T_STRING where H5Tis_variable_str(type.id) > 0:
            let t = try HDF5Types.string()
            var x = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try check(H5Aread(a, t.id, &x), "H5Aread")
            items = x.map { .string($0.map { String(cString: $0) } ?? "") }
            _ = H5Dvlen_reclaim(t.id, space.id, chdf5_default(), &x)
        default:
            throw HDF5Failure(operation: "reading an attribute of a type this tool does not write")
        }
        return scalar ? items[0] : .array(items)
    }
}

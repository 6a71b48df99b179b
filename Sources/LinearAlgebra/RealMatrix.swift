/// A dense real matrix in column-major order (the LAPACK layout).
///
/// `self[i, j]` is row `i`, column `j`, both 0-based. Column `j` occupies
/// `storage[j * rows ..< (j + 1) * rows]`.
public struct RealMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var storage: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    public subscript(i: Int, j: Int) -> Double {
        get { storage[j * rows + i] }
        set { storage[j * rows + i] = newValue }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[j * rows..<(j + 1) * rows])
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { self[i, $0] }
    }

    public static func identity(_ n: Int) -> RealMatrix {
        var m = RealMatrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }
}

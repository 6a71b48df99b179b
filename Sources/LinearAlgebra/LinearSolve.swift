import CLapack

extension RealMatrix {
    /// x with A x = b for a square A (LAPACK `dgesv`: LU with partial pivoting); nil when A is
    /// exactly singular (a zero pivot).
    public func solve(_ b: [Double]) -> [Double]? {
        precondition(rows == columns && b.count == rows, "a square system with one right side")
        var a = storage, x = b
        var pivots = [Int32](repeating: 0, count: rows)
        let info = LAPACKE_dgesv(
            LAPACK_COL_MAJOR, Int32(rows), 1, &a, Int32(max(rows, 1)), &pivots, &x,
            Int32(max(rows, 1)))
        precondition(info >= 0, "dgesv: illegal argument \(-info)")
        return info == 0 ? x : nil
    }
}

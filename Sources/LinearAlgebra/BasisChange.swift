import CLapack

extension ComplexMatrix {
    /// V X V^T for a real orthogonal V (e.g. eigenbasis -> site basis), by two `dgemm` pairs.
    public func congruence(_ v: RealMatrix, transposeFirst: Bool = false) -> ComplexMatrix {
        precondition(rows == columns && v.rows == rows && v.columns == rows)
        let n = rows
        var out = ComplexMatrix(rows: n, columns: n)
        var tmp = [Double](repeating: 0, count: n * n)
        let first = transposeFirst ? CblasTrans : CblasNoTrans
        let second = transposeFirst ? CblasNoTrans : CblasTrans
        for part in 0..<2 {
            let src = part == 0 ? re : im
            // tmp = op(V) X; out = tmp op(V)^T
            cblas_dgemm(
                CblasColMajor, first, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, v.storage,
                Int32(n), src,
                Int32(n), 0, &tmp, Int32(n))
            if part == 0 {
                cblas_dgemm(
                    CblasColMajor, CblasNoTrans, second, Int32(n), Int32(n), Int32(n), 1, tmp,
                    Int32(n),
                    v.storage, Int32(n), 0, &out.re, Int32(n))
            } else {
                cblas_dgemm(
                    CblasColMajor, CblasNoTrans, second, Int32(n), Int32(n), Int32(n), 1, tmp,
                    Int32(n),
                    v.storage, Int32(n), 0, &out.im, Int32(n))
            }
        }
        return out
    }
}

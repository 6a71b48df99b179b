import CLapack

/// BLAS entry points used by the library.
public enum BLAS {
    /// Pins OpenBLAS to one thread. Every ensemble run calls this, so that BLAS does not
    /// oversubscribe the cores under parallel workers and the results do not depend on the
    /// number of BLAS threads (by default one per core of the machine).
    public static func useSingleThread() {
        openblas_set_num_threads(1)
    }

    /// C = A * B for real column-major matrices (`dgemm`).
    public static func multiply(_ a: RealMatrix, _ b: RealMatrix) -> RealMatrix {
        precondition(a.columns == b.rows)
        var c = RealMatrix(rows: a.rows, columns: b.columns)
        if a.rows == 0 || b.columns == 0 || a.columns == 0 { return c }
        cblas_dgemm(
            CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(a.rows), Int32(b.columns),
            Int32(a.columns), 1,
            a.storage, Int32(a.rows), b.storage, Int32(b.rows), 0, &c.storage, Int32(c.rows))
        return c
    }

    /// C = A^T * B for real column-major matrices (`dgemm`).
    public static func multiplyTransposed(_ a: RealMatrix, _ b: RealMatrix) -> RealMatrix {
        precondition(a.rows == b.rows)
        var c = RealMatrix(rows: a.columns, columns: b.columns)
        if a.columns == 0 || b.columns == 0 || a.rows == 0 { return c }
        cblas_dgemm(
            CblasColMajor, CblasTrans, CblasNoTrans, Int32(a.columns), Int32(b.columns),
            Int32(a.rows), 1,
            a.storage, Int32(a.rows), b.storage, Int32(b.rows), 0, &c.storage, Int32(c.rows))
        return c
    }

    /// C = alpha op(A) op(B) + beta C for real column-major matrices (`dgemm`); op(X) is X^T
    /// when the flag is set.
    public static func multiply(
        _ alpha: Double, _ a: RealMatrix, transposeA: Bool = false, _ b: RealMatrix,
        transposeB: Bool = false,
        beta: Double, into c: inout RealMatrix
    ) {
        let m = transposeA ? a.columns : a.rows, k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        precondition(k == (transposeB ? b.columns : b.rows) && c.rows == m && c.columns == n)
        if m == 0 || n == 0 { return }
        cblas_dgemm(
            CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m),
            Int32(n), Int32(k), alpha, a.storage, Int32(a.rows), b.storage, Int32(b.rows), beta,
            &c.storage, Int32(c.rows))
    }
}

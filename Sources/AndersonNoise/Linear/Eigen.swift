import CLapack

/// Eigendecompositions (and the one SVD they need) through LAPACK. This file and
/// `Linear/BLAS.swift` are the only places that call C.
public enum Eigen {
    /// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a real symmetric
    /// tridiagonal matrix with diagonal `diagonal` and off-diagonal `offDiagonal`
    /// (LAPACK `dstevd`, divide and conquer).
    public static func symmetricTridiagonal(diagonal: [Double], offDiagonal: [Double])
        -> (values: [Double], vectors: RealMatrix)
    {
        let n = diagonal.count
        precondition(offDiagonal.count == max(n - 1, 0))
        var d = diagonal
        var e = offDiagonal + [0]
        var z = RealMatrix(rows: n, columns: n)
        let info = LAPACKE_dstevd(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), Int32(n), &d, &e, &z.storage, Int32(max(n, 1)))
        precondition(info == 0, "dstevd failed with info \(info)")
        return (d, z)
    }

    /// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a real symmetric
    /// matrix (LAPACK `dsyevd`).
    public static func symmetric(_ a: RealMatrix) -> (values: [Double], vectors: RealMatrix) {
        precondition(a.rows == a.columns)
        let n = a.rows
        var z = a
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n), &z.storage,
            Int32(max(n, 1)), &w)
        precondition(info == 0, "dsyevd failed with info \(info)")
        return (w, z)
    }

    /// Eigenvalues (ascending) of a complex Hermitian matrix (LAPACK `zheevd`, values only).
    /// Only the upper triangle is read.
    public static func hermitianValues(_ a: ComplexMatrix) -> [Double] {
        hermitianDecomposition(a, vectors: false).values
    }

    /// Eigenvalues and eigenvectors (columns) of a complex Hermitian matrix (`zheevd`).
    public static func hermitian(_ a: ComplexMatrix) -> (values: [Double], vectors: ComplexMatrix) {
        let (w, packed) = hermitianDecomposition(a, vectors: true)
        var v = ComplexMatrix(rows: a.rows, columns: a.rows)
        for k in packed.indices {
            v.re[k] = packed[k].real
            v.im[k] = packed[k].imag
        }
        return (w, v)
    }

    private static func hermitianDecomposition(_ a: ComplexMatrix, vectors: Bool) -> (values: [Double], packed: [openblas_complex_double]) {
        precondition(a.rows == a.columns)
        let n = a.rows
        var packed = (0..<(n * n)).map { openblas_complex_double(real: a.re[$0], imag: a.im[$0]) }
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_zheevd(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: vectors ? "V" : "N")), CChar(UInt8(ascii: "U")), Int32(n), &packed,
            Int32(max(n, 1)), &w)
        precondition(info == 0, "zheevd failed with info \(info)")
        return (w, packed)
    }

    /// Singular values (descending) and left singular vectors (columns of an m x n matrix) of a
    /// real m x n matrix, m >= n, to high relative accuracy: LAPACK `dgejsv` (Drmac-Veselic
    /// preconditioned Jacobi) with full pivoting (JOBA = F), whose relative error in every
    /// singular value is bounded by f(m, n) eps cond(C) for A = D1 C D2 with diagonal D1, D2 of
    /// any grading, where `dgesdd` or an eigensolver of A A^T only bounds it by eps ||A||.
    /// Singular values below sqrt(underflow) times the largest are returned as exact zeros.
    public static func gradedSingular(_ a: RealMatrix) -> (values: [Double], left: RealMatrix) {
        let m = a.rows, n = a.columns
        precondition(m >= n)
        var work = a
        var sva = [Double](repeating: 0, count: n)
        var u = RealMatrix(rows: m, columns: n)
        var v = [Double](repeating: 0, count: 1)
        var stat = [Double](repeating: 0, count: 7)
        var istat = [Int32](repeating: 0, count: 3)
        let c = { (x: String) in CChar(UInt8(ascii: x.unicodeScalars.first!)) }
        let info = LAPACKE_dgejsv(
            LAPACK_COL_MAJOR, c("F"), c("U"), c("N"), c("R"), c("N"), c("N"), Int32(m), Int32(n), &work.storage,
            Int32(max(m, 1)), &sva, &u.storage, Int32(max(m, 1)), &v, 1, &stat, &istat)
        precondition(info == 0, "dgejsv failed with info \(info)")
        let scale = stat[0] / stat[1]  // singular values = (WORK(1) / WORK(2)) SVA
        return (sva.map { $0 * scale }, u)
    }
}

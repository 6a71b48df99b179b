import CLapack

/// Eigendecompositions (and the one SVD they need) through LAPACK. Only `Linear/` calls C.
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

    /// Eigenvalues (ascending) of a real symmetric tridiagonal matrix (LAPACK `dsterf`,
    /// root-free QL/QR, values only).
    public static func symmetricTridiagonalValues(diagonal: [Double], offDiagonal: [Double]) -> [Double] {
        let n = diagonal.count
        precondition(offDiagonal.count == max(n - 1, 0))
        var d = diagonal
        var e = offDiagonal + [0]
        let info = LAPACKE_dsterf(Int32(n), &d, &e)
        precondition(info == 0, "dsterf failed with info \(info)")
        return d
    }

    /// The eigenpairs with 0-based ascending indices `indices` of a real symmetric tridiagonal
    /// matrix: values and orthonormal eigenvectors (columns), LAPACK `dstevr` (MRRR: O(n) per
    /// vector, orthogonal without Gram-Schmidt, so the small components of localized vectors are
    /// not mixed between distant states with close energies).
    public static func symmetricTridiagonal(diagonal: [Double], offDiagonal: [Double], indices: ClosedRange<Int>)
        -> (values: [Double], vectors: RealMatrix)
    {
        let n = diagonal.count
        precondition(offDiagonal.count == max(n - 1, 0) && indices.lowerBound >= 0 && indices.upperBound < n)
        var d = diagonal
        var e = offDiagonal + [0]
        let m = indices.count
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: n)
        var z = RealMatrix(rows: n, columns: m)
        var support = [Int32](repeating: 0, count: 2 * m)
        let info = LAPACKE_dstevr(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")), Int32(n), &d, &e, 0, 0,
            Int32(indices.lowerBound + 1), Int32(indices.upperBound + 1), 0, &found, &w, &z.storage, Int32(max(n, 1)),
            &support)
        precondition(info == 0 && Int(found) == m, "dstevr failed with info \(info), \(found) of \(m) eigenpairs")
        return (Array(w[0..<m]), z)
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

    /// `zheevd` through the `_work` interface with every array it touches allocated here and
    /// padded by `overreadPadding` elements: the ZGEMV kernels of OpenBLAS 0.3.21 (Debian 12),
    /// compiled by gcc 12, read past the end of their vectors (OpenBLAS issue #4013, fixed in
    /// 0.3.23), and zheevd reaches them through zhetrd/zlatrd. Without the padding this crashed
    /// sporadically (SIGSEGV in zgemv_n_COOPERLAKE on AMD EPYC, when a read crossed into an
    /// unmapped page); with it the stray reads land in memory that is ours and unused.
    private static func hermitianDecomposition(_ a: ComplexMatrix, vectors: Bool) -> (values: [Double], packed: [openblas_complex_double]) {
        precondition(a.rows == a.columns)
        let n = a.rows, pad = overreadPadding
        var packed = [openblas_complex_double](repeating: openblas_complex_double(real: 0, imag: 0), count: n * n + pad)
        for k in 0..<(n * n) { packed[k] = openblas_complex_double(real: a.re[k], imag: a.im[k]) }
        var w = [Double](repeating: 0, count: n + pad)
        let lwork = vectors ? 2 * n + n * n + 64 * n : n + 1 + 64 * n  // documented minimum + blocked zhetrd
        let lrwork = vectors ? 1 + 5 * n + 2 * n * n : max(n, 1)
        let liwork = vectors ? 3 + 5 * n : 1
        var work = [openblas_complex_double](repeating: openblas_complex_double(real: 0, imag: 0), count: lwork + pad)
        var rwork = [Double](repeating: 0, count: lrwork + pad)
        var iwork = [Int32](repeating: 0, count: liwork + pad)
        let info = LAPACKE_zheevd_work(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: vectors ? "V" : "N")), CChar(UInt8(ascii: "U")), Int32(n), &packed,
            Int32(max(n, 1)), &w, &work, Int32(lwork), &rwork, Int32(lrwork), &iwork, Int32(liwork))
        precondition(info == 0, "zheevd failed with info \(info)")
        return (Array(w[0..<n]), Array(packed[0..<(n * n)]))
    }

    /// Elements (of any type here) appended to the arrays handed to complex LAPACK routines:
    /// 4 KiB or more, a page, so a stray read past the end cannot reach an unmapped page.
    static let overreadPadding = 512

    /// Singular values (descending) and left singular vectors (columns of an m x n matrix) of a
    /// real m x n matrix, m >= n, to high relative accuracy: LAPACK `dgejsv` (Drmac-Veselic
    /// preconditioned Jacobi) with full pivoting (JOBA = F), whose relative error in every
    /// singular value is bounded by f(m, n) eps cond(C) for A = D1 C D2 with diagonal D1, D2 of
    /// any grading, where `dgesdd` or an eigensolver of A A^T only bounds it by eps ||A||.
    /// Singular values below sqrt(underflow) times the largest are returned as exact zeros.
    public static func gradedSingular(_ a: RealMatrix) -> (values: [Double], left: RealMatrix) {
        let m = a.rows, n = a.columns
        precondition(m >= n)
        var matrix = a
        var sva = [Double](repeating: 0, count: n)
        var u = RealMatrix(rows: m, columns: n)
        var v = [Double](repeating: 0, count: 1)  // JOBV = N: not referenced
        // Workspace sized here, not by LAPACKE's formula (which has changed between LAPACK
        // versions): the full-SVD minimum of the DGEJSV documentation plus blocked QR space.
        let lwork = max(7, 2 * m + n, 6 * n + 2 * n * n, n + 64 * m)
        var work = [Double](repeating: 0, count: lwork)
        var iwork = [Int32](repeating: 0, count: m + 3 * n)
        let c = { (x: String) in CChar(UInt8(ascii: x.unicodeScalars.first!)) }
        let info = LAPACKE_dgejsv_work(
            LAPACK_COL_MAJOR, c("F"), c("U"), c("N"), c("R"), c("N"), c("N"), Int32(m), Int32(n), &matrix.storage,
            Int32(max(m, 1)), &sva, &u.storage, Int32(max(m, 1)), &v, 1, &work, Int32(lwork), &iwork)
        precondition(info == 0, "dgejsv failed with info \(info)")
        let scale = work[0] / work[1]  // singular values = (WORK(1) / WORK(2)) SVA
        return (sva.map { $0 * scale }, u)
    }
}

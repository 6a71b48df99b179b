import CLapack

/// Eigendecompositions (and the one SVD they need) through LAPACK. Only this module
/// (`LinearAlgebra`) calls C.
public enum Eigen {
    /// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a real symmetric
    /// tridiagonal matrix with diagonal `diagonal` and off-diagonal `offDiagonal`
    /// (LAPACK `dstevd`, divide and conquer).
    public static func symmetricTridiagonal(
        diagonal: [Double], offDiagonal: [Double]
    )
        -> (values: [Double], vectors: RealMatrix)
    {
        let n = diagonal.count
        precondition(offDiagonal.count == max(n - 1, 0))
        var d = diagonal
        var e = offDiagonal + [0]
        var z = RealMatrix(rows: n, columns: n)
        let info = LAPACKE_dstevd(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), Int32(n), &d, &e, &z.storage,
            Int32(max(n, 1)))
        precondition(info == 0, "dstevd failed with info \(info)")
        return (d, z)
    }

    /// Eigenvalues (ascending) of a real symmetric tridiagonal matrix (LAPACK `dsterf`,
    /// root-free QL/QR, values only).
    public static func symmetricTridiagonalValues(
        diagonal: [Double], offDiagonal: [Double]
    ) -> [Double] {
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
    public static func symmetricTridiagonal(
        diagonal: [Double], offDiagonal: [Double], indices: ClosedRange<Int>
    )
        -> (values: [Double], vectors: RealMatrix)
    {
        let n = diagonal.count
        precondition(
            offDiagonal.count == max(n - 1, 0) && indices.lowerBound >= 0 && indices.upperBound < n)
        var d = diagonal
        var e = offDiagonal + [0]
        let m = indices.count
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: n)
        var z = RealMatrix(rows: n, columns: m)
        var support = [Int32](repeating: 0, count: 2 * m)
        let info = LAPACKE_dstevr(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")), Int32(n), &d, &e,
            0, 0,
            Int32(indices.lowerBound + 1), Int32(indices.upperBound + 1), 0, &found, &w, &z.storage,
            Int32(max(n, 1)),
            &support)
        precondition(
            info == 0 && Int(found) == m,
            "dstevr failed with info \(info), \(found) of \(m) eigenpairs")
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
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n),
            &z.storage,
            Int32(max(n, 1)), &w)
        precondition(info == 0, "dsyevd failed with info \(info)")
        return (w, z)
    }

    /// Eigenvalues (ascending) of a complex Hermitian matrix, no eigenvectors. Only the upper
    /// triangle is read. Up to `twoStageDimension` - 1 by `zheevd` (one-stage reduction to
    /// tridiagonal form, zhetrd); from there on by `zheevd_2stage` (dense to band by blocked
    /// level-3 updates, then band to tridiagonal), which is faster for large matrices because
    /// most of zhetrd's work is matrix-vector products that stream the whole matrix. Both end in
    /// the same tridiagonal eigenvalue solver; see the Performance article for the measured times.
    public static func hermitianValues(_ a: ComplexMatrix) -> [Double] {
        precondition(a.rows == a.columns)
        let n = a.rows
        var packed = padded(a)
        var w = [Double](repeating: 0, count: n + overreadPadding(n))
        let jobz = CChar(UInt8(ascii: "N")), uplo = CChar(UInt8(ascii: "U"))
        let twoStage = n >= twoStageDimension
        // one-stage: documented minimum + blocked zhetrd
        var lwork = n + 1 + 64 * n, lrwork = max(n, 1), liwork = 1
        if twoStage {  // workspace query
            var work = [openblas_complex_double](
                repeating: openblas_complex_double(real: 0, imag: 0), count: 1)
            var rwork = [Double](repeating: 0, count: 1)
            var iwork = [Int32](repeating: 0, count: 1)
            let info = LAPACKE_zheevd_2stage_work(
                LAPACK_COL_MAJOR, jobz, uplo, Int32(n), &packed, Int32(max(n, 1)), &w, &work, -1,
                &rwork, -1, &iwork, -1)
            precondition(info == 0, "zheevd_2stage workspace query failed with info \(info)")
            lwork = Int(work[0].real)
            lrwork = Int(rwork[0])
            liwork = Int(iwork[0])
        }
        var work = [openblas_complex_double](
            repeating: openblas_complex_double(real: 0, imag: 0), count: lwork + overreadPadding(n))
        var rwork = [Double](repeating: 0, count: lrwork + overreadPadding(n))
        var iwork = [Int32](repeating: 0, count: liwork + overreadPadding(n))
        let info =
            twoStage
            ? LAPACKE_zheevd_2stage_work(
                LAPACK_COL_MAJOR, jobz, uplo, Int32(n), &packed, Int32(max(n, 1)), &w, &work,
                Int32(lwork), &rwork,
                Int32(lrwork), &iwork, Int32(liwork))
            : LAPACKE_zheevd_work(
                LAPACK_COL_MAJOR, jobz, uplo, Int32(n), &packed, Int32(max(n, 1)), &w, &work,
                Int32(lwork), &rwork,
                Int32(lrwork), &iwork, Int32(liwork))
        precondition(info == 0, "zheevd\(twoStage ? "_2stage" : "") failed with info \(info)")
        return Array(w[0..<n])
    }

    /// From this dimension on `hermitianValues` uses the two-stage reduction.
    static let twoStageDimension = 400

    /// Eigenvalues and eigenvectors (columns) of a complex Hermitian matrix (`zheevd`).
    public static func hermitian(_ a: ComplexMatrix) -> (values: [Double], vectors: ComplexMatrix) {
        precondition(a.rows == a.columns)
        let n = a.rows
        var packed = padded(a)
        var w = [Double](repeating: 0, count: n + overreadPadding(n))
        let lwork = 2 * n + n * n + 64 * n, lrwork = 1 + 5 * n + 2 * n * n, liwork = 3 + 5 * n
        var work = [openblas_complex_double](
            repeating: openblas_complex_double(real: 0, imag: 0), count: lwork + overreadPadding(n))
        var rwork = [Double](repeating: 0, count: lrwork + overreadPadding(n))
        var iwork = [Int32](repeating: 0, count: liwork + overreadPadding(n))
        let info = LAPACKE_zheevd_work(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n), &packed,
            Int32(max(n, 1)), &w, &work, Int32(lwork), &rwork, Int32(lrwork), &iwork, Int32(liwork))
        precondition(info == 0, "zheevd failed with info \(info)")
        var v = ComplexMatrix(rows: n, columns: n)
        for k in 0..<(n * n) {
            v.re[k] = packed[k].real
            v.im[k] = packed[k].imag
        }
        return (Array(w[0..<n]), v)
    }

    /// The interleaved copy of `a` LAPACK takes, with `overreadPadding` zeros after it.
    private static func padded(_ a: ComplexMatrix) -> [openblas_complex_double] {
        let count = a.rows * a.columns
        var packed = [openblas_complex_double](
            repeating: openblas_complex_double(real: 0, imag: 0),
            count: count + overreadPadding(a.rows))
        for k in 0..<count { packed[k] = openblas_complex_double(real: a.re[k], imag: a.im[k]) }
        return packed
    }

    // Why: the ZGEMV kernels of OpenBLAS 0.3.21 (Debian 12), compiled by gcc 12, read past the
    // end of their operands (OpenBLAS issue #4013, fixed in 0.3.23), and zheevd reaches them
    // through zhetrd/zlatrd. Seen in gdb at d = 924 with the AVX-512 kernel: a read 1.6 columns
    // (23 KB) past the end of the matrix, which crashed when that crossed into an unmapped page.
    /// Elements (of any type here) appended to every array handed to a complex LAPACK routine
    /// of order n: four columns plus a page, so that reads a BLAS kernel makes past the end of
    /// its operands stay in memory that is ours.
    static func overreadPadding(_ n: Int) -> Int { 4 * n + 512 }

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
            LAPACK_COL_MAJOR, c("F"), c("U"), c("N"), c("R"), c("N"), c("N"), Int32(m), Int32(n),
            &matrix.storage,
            Int32(max(m, 1)), &sva, &u.storage, Int32(max(m, 1)), &v, 1, &work, Int32(lwork), &iwork
        )
        precondition(info == 0, "dgejsv failed with info \(info)")
        let scale = work[0] / work[1]  // singular values = (WORK(1) / WORK(2)) SVA
        return (sva.map { $0 * scale }, u)
    }
}

import CLapack

/// Eigendecompositions through LAPACK. This file and `Linear/BLAS.swift` are the only
/// places that call C.
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
}

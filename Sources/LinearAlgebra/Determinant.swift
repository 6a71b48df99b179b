import CLapack

extension RealMatrix {
    /// The determinant of a square matrix, by LU factorisation with partial pivoting (`dgetrf`).
    public var determinant: Double {
        precondition(rows == columns)
        let n = rows
        if n == 0 { return 1 }
        var a = storage
        var pivots = [Int32](repeating: 0, count: n)
        let info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, Int32(n), Int32(n), &a, Int32(n), &pivots)
        if info > 0 { return 0 }
        precondition(info == 0, "dgetrf failed with info \(info)")
        var det = 1.0
        for i in 0..<n {
            det *= a[i * n + i]
            if pivots[i] != Int32(i + 1) { det = -det }
        }
        return det
    }
}

extension ComplexMatrix {
    /// The determinant of a square complex matrix, by LU factorisation (`zgetrf`).
    public var determinant: (re: Double, im: Double) {
        precondition(rows == columns)
        let n = rows
        if n == 0 { return (1, 0) }
        // Padded: OpenBLAS 0.3.21's complex level-2 kernels may read past the end
        // (Eigen.overreadPadding).
        var a = (0..<(n * n + Eigen.overreadPadding(n))).map {
            $0 < n * n
                ? openblas_complex_double(real: re[$0], imag: im[$0])
                : openblas_complex_double(real: 0, imag: 0)
        }
        var pivots = [Int32](repeating: 0, count: n)
        let info = LAPACKE_zgetrf(LAPACK_COL_MAJOR, Int32(n), Int32(n), &a, Int32(n), &pivots)
        if info > 0 { return (0, 0) }
        precondition(info == 0, "zgetrf failed with info \(info)")
        var dr = 1.0, di = 0.0
        for i in 0..<n {
            let x = a[i * n + i]
            (dr, di) = (dr * x.real - di * x.imag, dr * x.imag + di * x.real)
            if pivots[i] != Int32(i + 1) { (dr, di) = (-dr, -di) }
        }
        return (dr, di)
    }
}

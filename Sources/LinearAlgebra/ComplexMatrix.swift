import Numerics
#if os(Linux)
import Glibc
#endif

/// A dense complex matrix in column-major order with separate real and imaginary parts
/// ("split" storage: the layout the vectorised kernels want).
///
/// `self[i, j]` is row `i`, column `j`, both 0-based.
public struct ComplexMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var re: [Double]
    public var im: [Double]

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        self.re = Self.zeros(rows * columns)
        self.im = Self.zeros(rows * columns)
    }

    /// `count` zeros; a large array (>= 4 MiB) is first advised to the kernel as wanting
    /// transparent huge pages (Linux, where the default mode is `madvise`): the many-body
    /// kernels read whole states along strided row bands, one 4 KiB page per column with
    /// ordinary pages, which costs a TLB miss per access once the state has thousands of
    /// columns.
    package static func zeros(_ count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            #if os(Linux)
            let bytes = count * MemoryLayout<Double>.stride
            if bytes >= 4 << 20, let base = buffer.baseAddress {
                let page = 2 << 20
                let start = (Int(bitPattern: base) + page - 1) / page * page
                let end = (Int(bitPattern: base) + bytes) / page * page
                if end > start {
                    _ = madvise(
                        UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
                }
            }
            #endif
            buffer.initialize(repeating: 0)
            initialized = count
        }
    }

    public init(_ real: RealMatrix) {
        self.rows = real.rows
        self.columns = real.columns
        self.re = real.storage
        self.im = [Double](repeating: 0, count: real.storage.count)
    }

    public subscript(i: Int, j: Int) -> Complex<Double> {
        get { Complex(re[j * rows + i], im[j * rows + i]) }
        set {
            re[j * rows + i] = newValue.real
            im[j * rows + i] = newValue.imaginary
        }
    }

    /// Largest |A_ij - conj(A_ji)|: zero for a Hermitian matrix.
    public var hermiticityDefect: Double {
        precondition(rows == columns)
        var worst = 0.0
        for j in 0..<columns {
            for i in 0...j {
                let d = self[i, j] - self[j, i].conjugate
                worst = max(worst, d.length)
            }
        }
        return worst
    }

    /// Largest entrywise modulus of `self - other`.
    public func maxDifference(_ other: ComplexMatrix) -> Double {
        precondition(rows == other.rows && columns == other.columns)
        var worst = 0.0
        for n in re.indices {
            worst = max(worst, Complex(re[n] - other.re[n], im[n] - other.im[n]).length)
        }
        return worst
    }

    /// Sum of the diagonal.
    public var trace: Complex<Double> {
        precondition(rows == columns)
        var t = Complex<Double>.zero
        for i in 0..<rows { t += self[i, i] }
        return t
    }

    /// The sub-block of rows and columns `0..<n`.
    public func leadingBlock(_ n: Int) -> ComplexMatrix {
        var b = ComplexMatrix(rows: n, columns: n)
        for j in 0..<n {
            for i in 0..<n {
                b.re[j * n + i] = re[j * rows + i]
                b.im[j * n + i] = im[j * rows + i]
            }
        }
        return b
    }

    /// Nested `[row][column][re, im]` arrays, the result-file layout of `rho_s`.
    public var nestedPairs: [[[Double]]] {
        (0..<rows).map { i in (0..<columns).map { j in [re[j * rows + i], im[j * rows + i]] } }
    }
}

import Dispatch

/// The right-hand side of the Lindblad equation (paper eq. 4) in one particle-number sector,
///     A(rho) = -i [H, rho] + sum_s gamma_s (n_s rho n_s - {n_s, rho} / 2)
///            = -i [H, rho] - D o rho,   D_ab = (1/2) sum_s gamma_s (n_s(a) - n_s(b))^2,
/// because every n_s is diagonal with entries 0/1 in the Fock basis (pure dephasing; the
/// rates D_ab come from `FockDephasing`).
///
/// Structure used instead of a C(L,N)^2 x C(L,N)^2 Liouvillian: with Y = rho H (sparse H,
/// one pass of contiguous column updates) and rho, H Hermitian, H rho = Y^dag, so
/// -i[H, rho]_ab = -i (conj(Y_ba) - Y_ab), formed pairwise in place for (a, b) and (b, a).
/// Cost per application: (nonzeros of H) x d complex multiply-adds plus one pass over rho.
/// Work is split over column blocks with no reductions, so the result does not depend on the
/// number of threads.
public struct LindbladGenerator: LinearGenerator, Sendable {
    public let hamiltonian: SectorHamiltonian
    public let dephasing: FockDephasing
    public let threads: Int

    public init(hamiltonian: SectorHamiltonian, sector: FockSector, noiseSites: [Int], gammas: [Double], threads: Int = 1) {
        self.hamiltonian = hamiltonian
        dephasing = FockDephasing(sector: sector, noiseSites: noiseSites, gammas: gammas)
        self.threads = max(1, threads)
    }

    public var stateRows: Int { hamiltonian.dimension }
    public var stateColumns: Int { hamiltonian.dimension }

    /// ||K|| + ||D|| with K = [H, .], whose eigenvalues are E_a - E_b: (E_max - E_min) + max D_ab.
    public var normBound: Double { (hamiltonian.highestEnergy - hamiltonian.lowestEnergy) + dephasing.largestRate }

    public func apply(_ x: ComplexMatrix, into y: inout ComplexMatrix) {
        let d = hamiltonian.dimension
        let blocks = d >= 256 ? threads : 1
        x.re.withUnsafeBufferPointer { xr in
            x.im.withUnsafeBufferPointer { xi in
                y.re.withUnsafeMutableBufferPointer { yr in
                    y.im.withUnsafeMutableBufferPointer { yi in
                        hamiltonian.rowStart.withUnsafeBufferPointer { rs in
                            hamiltonian.columns.withUnsafeBufferPointer { cs in
                                hamiltonian.values.withUnsafeBufferPointer { vs in
                                    dephasing.occupations.withUnsafeBufferPointer { nk in
                                        let p = Pointers(
                                            xr: xr.baseAddress!, xi: xi.baseAddress!, yr: yr.baseAddress!, yi: yi.baseAddress!,
                                            rowStart: rs.baseAddress!, columns: cs.baseAddress!, values: vs.baseAddress!,
                                            noise: nk.baseAddress!)
                                        DispatchQueue.concurrentPerform(iterations: blocks) { block in
                                            multiply(d: d, first: block, stride: blocks, p)
                                        }
                                        DispatchQueue.concurrentPerform(iterations: blocks) { block in
                                            combine(d: d, first: block, stride: blocks, p)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Raw views of the buffers for the worker blocks (each block writes disjoint entries).
    private struct Pointers: @unchecked Sendable {
        let xr: UnsafePointer<Double>, xi: UnsafePointer<Double>
        let yr: UnsafeMutablePointer<Double>, yi: UnsafeMutablePointer<Double>
        let rowStart: UnsafePointer<Int>, columns: UnsafePointer<Int32>, values: UnsafePointer<Double>
        let noise: UnsafePointer<Double>
    }

    /// Y[:, b] = sum_c rho[:, c] H[c, b] for columns b = first, first + stride, ...
    /// (column b of H is its row b): a few long contiguous axpys per column. The first
    /// nonzero assigns (H has a diagonal entry in every row, so none is empty).
    private func multiply(d: Int, first: Int, stride: Int, _ p: Pointers) {
        var b = first
        while b < d {
            let yr = p.yr + b * d, yi = p.yi + b * d
            var assign = true
            for e in p.rowStart[b]..<p.rowStart[b + 1] {
                let c = Int(p.columns[e]) * d
                let v = p.values[e]
                let xr = p.xr + c, xi = p.xi + c
                if assign {
                    for a in 0..<d {
                        yr[a] = v * xr[a]
                        yi[a] = v * xi[a]
                    }
                    assign = false
                } else {
                    for a in 0..<d {
                        yr[a] += v * xr[a]
                        yi[a] += v * xi[a]
                    }
                }
            }
            b += stride
        }
    }

    /// Turns Y into A(rho) in place, pair by pair, in square tiles; the pairs (a < b) of column
    /// tile tj belong to block tj % stride. For an off-diagonal tile the transposed entries
    /// Y_ba are first copied into a small contiguous buffer (one strided side, in L1), so the
    /// pair loop runs over contiguous memory; A_ba = conj(A_ab) (rho Hermitian, A(rho)
    /// Hermitian) goes back through the same buffer. The result is exactly Hermitian.
    private func combine(d: Int, first: Int, stride: Int, _ p: Pointers) {
        let tile = Self.tile
        let tiles = (d + tile - 1) / tile
        let xr = p.xr, xi = p.xi, yr = p.yr, yi = p.yi, nk = p.noise
        let halfRates = UnsafeMutableBufferPointer<Double>.allocate(capacity: dephasing.halfRates.count)
        _ = halfRates.initialize(from: dephasing.halfRates)
        let h = UnsafeBufferPointer(halfRates)
        let br = UnsafeMutablePointer<Double>.allocate(capacity: tile * tile)
        let bi = UnsafeMutablePointer<Double>.allocate(capacity: tile * tile)
        defer {
            br.deallocate()
            bi.deallocate()
            halfRates.deallocate()
        }
        var tj = first
        while tj < tiles {
            let b0 = tj * tile, b1 = min(b0 + tile, d)
            for ti in 0..<tj {  // off-diagonal tiles: every a < every b
                let a0 = ti * tile, a1 = min(a0 + tile, d)
                for a in a0..<a1 {  // buffer[(b - b0) * tile + (a - a0)] = Y[b, a]
                    let row = a * d, o = a - a0
                    for b in b0..<b1 {
                        br[(b - b0) * tile + o] = yr[row + b]
                        bi[(b - b0) * tile + o] = yi[row + b]
                    }
                }
                for b in b0..<b1 {
                    let column = b * d, o = (b - b0) * tile - a0
                    var a = a0
                    while a + 4 <= a1 {  // four lanes: the same arithmetic as the scalar tail
                        let ab = column + a
                        let zr = Self.load(br + o + a) - Self.load(yr + ab)
                        let zi = -Self.load(bi + o + a) - Self.load(yi + ab)
                        let damp = FockDephasing.rates(nk, h, d, a, b)
                        let r = zi - damp * Self.load(xr + ab), i = -zr - damp * Self.load(xi + ab)
                        Self.store(r, yr + ab)
                        Self.store(i, yi + ab)
                        Self.store(r, br + o + a)
                        Self.store(-i, bi + o + a)
                        a += 4
                    }
                    while a < a1 {
                        let ab = column + a
                        let (r, i) = Self.pair(yba: (br[o + a], bi[o + a]), yab: (yr[ab], yi[ab]), x: (xr[ab], xi[ab]), damp: FockDephasing.rate(nk, h, d, a, b))
                        yr[ab] = r
                        yi[ab] = i
                        br[o + a] = r
                        bi[o + a] = -i
                        a += 1
                    }
                }
                for a in a0..<a1 {
                    let row = a * d, o = a - a0
                    for b in b0..<b1 {
                        yr[row + b] = br[(b - b0) * tile + o]
                        yi[row + b] = bi[(b - b0) * tile + o]
                    }
                }
            }
            for b in b0..<b1 {  // the diagonal tile
                for a in b0..<b {
                    let ab = b * d + a, ba = a * d + b
                    let (r, i) = Self.pair(yba: (yr[ba], yi[ba]), yab: (yr[ab], yi[ab]), x: (xr[ab], xi[ab]), damp: FockDephasing.rate(nk, h, d, a, b))
                    yr[ab] = r
                    yi[ab] = i
                    yr[ba] = r
                    yi[ba] = -i
                }
                let bb = b * d + b
                yr[bb] = -2 * yi[bb]
                yi[bb] = 0
            }
            tj += stride
        }
    }

    /// A(rho)_ab = -i (conj(Y_ba) - Y_ab) - D_ab rho_ab as (re, im); A_ba is its conjugate.
    /// The four-lane loop of `combine` is the same arithmetic on SIMD4.
    @inline(__always) private static func pair(
        yba: (Double, Double), yab: (Double, Double), x: (Double, Double), damp: Double
    ) -> (Double, Double) {
        let zr = yba.0 - yab.0, zi = -yba.1 - yab.1
        return (zi - damp * x.0, -zr - damp * x.1)
    }

    /// Side of the square tiles of `combine`: two 32 x 32 buffers fill 16 KB of L1.
    static let tile = 32

    @inline(__always) private static func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always) private static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }
}

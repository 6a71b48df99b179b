import Dispatch
import ChainModel
import LinearAlgebra
import Propagation

/// The right-hand side of the Lindblad equation (paper eq. 4) in one particle-number sector,
///     A(rho) = -i [H, rho] + sum_s gamma_s (n_s rho n_s - {n_s, rho} / 2)
///            = -i [H, rho] - D o rho,   D_ab = (1/2) sum_s gamma_s (n_s(a) - n_s(b))^2,
/// because every n_s is diagonal with entries 0/1 in the Fock basis (pure dephasing; the
/// rates D_ab come from `FockDephasing`).
///
/// Form used (no C(L,N)^2 x C(L,N)^2 Liouvillian, no second state-sized buffer): with
///     W = rho H + i sum_s (gamma_s/2) M_s o rho,   (M_s)_ab = (1 - n_s(a)) n_s(b),
/// and rho Hermitian, A(rho) = -i (W^dag - W): H rho = (rho H)^dag gives the commutator, and
/// (M_s)_ab + (M_s)_ba = (n_s(a) - n_s(b))^2 gives the dephasing. Row a of W needs only row a of
/// rho, so pass 1 overwrites rho by W in chunks of `chunk` rows (the chunk's neighbouring columns,
/// reached through the sparse H, stay in cache); pass 2 overwrites W by scale * A(rho) pair by
/// pair, (a, b) together with (b, a) = its conjugate, so the result is exactly Hermitian, and
/// in the same pass adds its upper triangle to the Taylor sum and sums its squared Frobenius
/// norm (the Taylor accumulation fused into the generator's last pass; the sum's lower
/// triangle, half its traffic, is left to the propagator's mirror at the end of a step).
/// Cost per application: (nonzeros of H) x d complex-by-real multiply-adds and two passes
/// over the state. Work is split over fixed row chunks and tile columns, and the norm is
/// summed per tile column in a fixed order, so the result does not depend on the number of
/// threads.
public struct LindbladGenerator: LinearGenerator, Sendable {
    public let hamiltonian: SectorHamiltonian
    public let dephasing: FockDephasing
    public let threads: Int

    public init(
        hamiltonian: SectorHamiltonian, sector: FockSector, noiseSites: [Int], gammas: [Double],
        threads: Int = 1
    ) {
        self.hamiltonian = hamiltonian
        dephasing = FockDephasing(sector: sector, noiseSites: noiseSites, gammas: gammas)
        self.threads = max(1, threads)
    }

    public var stateRows: Int { hamiltonian.dimension }
    public var stateColumns: Int { hamiltonian.dimension }

    /// ||K|| + ||D|| with K = [H, .], whose eigenvalues are E_a - E_b: (E_max - E_min) + max D_ab.
    public var normBound: Double {
        (hamiltonian.highestEnergy - hamiltonian.lowestEnergy) + dephasing.largestRate
    }

    public func apply(_ x: ComplexMatrix, into y: inout ComplexMatrix) {
        y = x
        _ = transform(&y, scale: 1, sumRe: nil, sumIm: nil)
    }

    /// The sum gets the upper triangle of each term (the propagator mirrors it into the lower).
    public var addsUpperTriangle: Bool { true }

    public func advanceTerm(
        _ term: inout ComplexMatrix, scale: Double, sum: inout ComplexMatrix
    ) -> Double {
        sum.re.withUnsafeMutableBufferPointer { sr in
            sum.im.withUnsafeMutableBufferPointer { si in
                transform(&term, scale: scale, sumRe: sr.baseAddress!, sumIm: si.baseAddress!)
            }
        }
    }

    /// t <- scale A(t) in place; sum += t when given; returns ||t||_F^2. `t` must be Hermitian.
    private func transform(
        _ t: inout ComplexMatrix, scale: Double, sumRe: UnsafeMutablePointer<Double>?,
        sumIm: UnsafeMutablePointer<Double>?
    ) -> Double {
        let d = hamiltonian.dimension
        let workers = d >= 256 ? threads : 1
        var norms = [Double](repeating: 0, count: (d / 8 + 3) / 4 + 1)
        t.re.withUnsafeMutableBufferPointer { tr in
            t.im.withUnsafeMutableBufferPointer { ti in
                hamiltonian.rowStart.withUnsafeBufferPointer { rs in
                    hamiltonian.columns.withUnsafeBufferPointer { cs in
                        hamiltonian.values.withUnsafeBufferPointer { vs in
                            dephasing.occupations.withUnsafeBufferPointer { nk in
                                norms.withUnsafeMutableBufferPointer { ns in
                                    let p = Pointers(
                                        tr: tr.baseAddress!, ti: ti.baseAddress!, sr: sumRe,
                                        si: sumIm, norms: ns.baseAddress!,
                                        rowStart: rs.baseAddress!, columns: cs.baseAddress!,
                                        values: vs.baseAddress!,
                                        noise: nk.baseAddress!)
                                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                                        rowsToW(d: d, first: w, workers: workers, p)
                                    }
                                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                                        pairs(d: d, scale: scale, first: w, workers: workers, p)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return norms.reduce(0, +)
    }

    /// Raw views of the buffers for the workers (each writes disjoint entries).
    private struct Pointers: @unchecked Sendable {
        package let tr: UnsafeMutablePointer<Double>, ti: UnsafeMutablePointer<Double>
        package let sr: UnsafeMutablePointer<Double>?, si: UnsafeMutablePointer<Double>?
        package let norms: UnsafeMutablePointer<Double>
        package let rowStart: UnsafePointer<Int>, columns: UnsafePointer<Int32>,
            values: UnsafePointer<Double>
        package let noise: UnsafePointer<Double>
    }

    /// Rows per chunk of pass 1: four groups of eight lanes.
    package static let chunk = 32

    /// Pass 1: rows a0..<a0 + chunk of t become those of W = t H + i sum_s (gamma_s/2) M_s o t. The
    /// chunk's rows are first copied into a contiguous chunk x d buffer (column c's chunk at
    /// c * chunk, in L2); column b of W's chunk then sums H_cb times column c's chunk over the
    /// nonzeros of row b of H (H is symmetric) and is written over the rows in place.
    private func rowsToW(d: Int, first: Int, workers: Int, _ p: Pointers) {
        let chunk = Self.chunk
        let chunks = (d + chunk - 1) / chunk
        let sites = dephasing.halfRates.count
        let g = dephasing.halfRates
        // (gamma_s / 2) n_s(b) for the current b
        let gb = UnsafeMutablePointer<Double>.allocate(capacity: sites)
        let br = UnsafeMutablePointer<Double>.allocate(capacity: chunk * d)
        let bi = UnsafeMutablePointer<Double>.allocate(capacity: chunk * d)
        defer {
            br.deallocate()
            bi.deallocate()
            gb.deallocate()
        }
        let tr = p.tr, ti = p.ti, nk = p.noise
        var q = first
        while q < chunks {
            let a0 = q * chunk, m = min(chunk, d - a0)
            for c in 0..<d {
                let from = c * d + a0, to = c * chunk
                // four lanes of eight, inline (a library copy per column costs more)
                if m == chunk {
                    for o in stride(from: 0, to: chunk, by: 8) {
                        Lanes.store(Lanes.load(tr + from + o), br + to + o)
                        Lanes.store(Lanes.load(ti + from + o), bi + to + o)
                    }
                } else {
                    (br + to).update(from: tr + from, count: m)
                    (bi + to).update(from: ti + from, count: m)
                }
            }
            for b in 0..<d {
                let own = b * chunk, out = b * d + a0
                for s in 0..<sites { gb[s] = g[s] * nk[s * d + b] }
                if m == chunk {
                    var r0 = Lanes(), r1 = Lanes(), r2 = Lanes(), r3 = Lanes()
                    var i0 = Lanes(), i1 = Lanes(), i2 = Lanes(), i3 = Lanes()
                    for e in p.rowStart[b]..<p.rowStart[b + 1] {
                        let v = Lanes(repeating: p.values[e])
                        let c = Int(p.columns[e]) * chunk
                        r0 = Lanes.madd(v, Lanes.load(br + c), r0)
                        r1 = Lanes.madd(v, Lanes.load(br + c + 8), r1)
                        r2 = Lanes.madd(v, Lanes.load(br + c + 16), r2)
                        r3 = Lanes.madd(v, Lanes.load(br + c + 24), r3)
                        i0 = Lanes.madd(v, Lanes.load(bi + c), i0)
                        i1 = Lanes.madd(v, Lanes.load(bi + c + 8), i1)
                        i2 = Lanes.madd(v, Lanes.load(bi + c + 16), i2)
                        i3 = Lanes.madd(v, Lanes.load(bi + c + 24), i3)
                    }
                    Self.finish(
                        r0, i0, gb, sites: sites, d: d, o: 0, a0: a0, own: own, out: out, p, br, bi)
                    Self.finish(
                        r1, i1, gb, sites: sites, d: d, o: 8, a0: a0, own: own, out: out, p, br, bi)
                    Self.finish(
                        r2, i2, gb, sites: sites, d: d, o: 16, a0: a0, own: own, out: out, p, br, bi
                    )
                    Self.finish(
                        r3, i3, gb, sites: sites, d: d, o: 24, a0: a0, own: own, out: out, p, br, bi
                    )
                } else {
                    for a in 0..<m {
                        var r = 0.0, i = 0.0
                        for e in p.rowStart[b]..<p.rowStart[b + 1] {
                            let v = p.values[e], c = Int(p.columns[e]) * chunk + a
                            r += v * br[c]
                            i += v * bi[c]
                        }
                        var mm = 0.0
                        for s in 0..<sites { mm += gb[s] * (1 - nk[s * d + a0 + a]) }
                        tr[out + a] = r - mm * bi[own + a]
                        ti[out + a] = i + mm * br[own + a]
                    }
                }
            }
            q += workers
        }
    }

    /// W's eight lanes from the H-sum (r, i) and the dephasing term i sum_s gb_s (1 - n_s(a)) t_ab.
    @inline(__always) private static func finish(
        _ r: Lanes, _ i: Lanes, _ gb: UnsafeMutablePointer<Double>, sites: Int, d: Int, o: Int,
        a0: Int, own: Int, out: Int,
        _ p: Pointers, _ br: UnsafeMutablePointer<Double>, _ bi: UnsafeMutablePointer<Double>
    ) {
        var mm = Lanes()
        for s in 0..<sites { mm += gb[s] * (1 - Lanes.load(p.noise + s * d + a0 + o)) }
        Lanes.store(r - mm * Lanes.load(bi + own + o), p.tr + out + o)
        Lanes.store(i + mm * Lanes.load(br + own + o), p.ti + out + o)
    }

    /// Pass 2: W becomes scale * A = scale * (-i)(W^dag - W), pair by pair: A_ab from W_ab and
    /// W_ba, A_ba = conj(A_ab). Pairs go in 8 x 8 blocks (`blockPair`), grouped in 32 x 32 tiles
    /// so that the transposed side reads 256 contiguous bytes per column; rows and columns past
    /// the last multiple of 8, and the diagonal blocks, go pair by pair (`pair`). Column tile
    /// tj belongs to worker tj % workers; the result is added to the sum (when given) and its
    /// squared norm to norms[tj].
    private func pairs(d: Int, scale: Double, first: Int, workers: Int, _ p: Pointers) {
        let blocks = d / 8, tiles = (blocks + 3) / 4
        var tj = first
        while tj <= tiles {  // unit `tiles`: the pairs with b past the last full block
            var lanes = Lanes(), tail = 0.0
            if tj < tiles {
                let jBlocks = (4 * tj)..<min(4 * tj + 4, blocks)
                for ti in 0...tj {
                    for j in jBlocks {
                        for i in (4 * ti)..<min(4 * ti + 4, j) {
                            lanes = blockPair(i, j, d: d, scale: scale, p, lanes)
                        }
                    }
                }
                for j in jBlocks {
                    for b in (8 * j)..<(8 * j + 8) {
                        for a in (8 * j)..<b { tail += pair(a, b, d: d, scale: scale, p) }
                    }
                }
            } else {
                for b in (8 * blocks)..<d {
                    for a in 0..<b { tail += pair(a, b, d: d, scale: scale, p) }
                }
            }
            let columns = tj < tiles ? (32 * tj)..<min(32 * tj + 32, 8 * blocks) : (8 * blocks)..<d
            for b in columns {  // diagonal: A_bb = scale * (-2 Im W_bb)
                let bb = b * d + b
                let r = scale * (-2 * p.ti[bb])
                p.tr[bb] = r
                p.ti[bb] = 0
                if let sr = p.sr { sr[bb] += r }
                tail += r * r / 2
            }
            p.norms[tj] = 2 * (lanes.sum() + tail)
            tj += workers
        }
    }

    /// The pairs of 8 x 8 block (i, j), i < j (rows 8i..., columns 8j...), with those of block
    /// (j, i); returns `lanes` plus the squared moduli of block (i, j) of the result.
    @inline(__always) private func blockPair(
        _ i: Int, _ j: Int, d: Int, scale: Double, _ p: Pointers, _ lanes: Lanes
    ) -> Lanes {
        let ab = 8 * j * d + 8 * i, ba = 8 * i * d + 8 * j
        let s = Lanes(repeating: scale)
        let pr = Block(p.tr + ab, d), pi = Block(p.ti + ab, d)
        // W[8j + c, 8i ..< 8i + 8]
        let qr = Block(p.tr + ba, d).transposed, qi = Block(p.ti + ba, d).transposed
        // A_ab = (zi, -zr), z = conj(W_ba) - W_ab
        let r = Block.map(qi, pi) { s * (-$0 - $1) }, i = Block.map(qr, pr) { -(s * ($0 - $1)) }
        r.store(p.tr + ab, d)
        i.store(p.ti + ab, d)
        r.transposed.store(p.tr + ba, d)
        i.transposed.negated.store(p.ti + ba, d)
        if let sr = p.sr, let si = p.si {  // the sum's upper triangle (a < b)
            Block.map(Block(sr + ab, d), r, +).store(sr + ab, d)
            Block.map(Block(si + ab, d), i, +).store(si + ab, d)
        }
        return lanes + Block.map(r, i) { $0 * $0 + $1 * $1 }.total
    }

    /// The scalar form of one pair (a < b) of `pairs`; returns |A_ab|^2.
    @inline(__always) private func pair(
        _ a: Int, _ b: Int, d: Int, scale: Double, _ p: Pointers
    ) -> Double {
        let ab = b * d + a, ba = a * d + b
        let r = scale * (-p.ti[ba] - p.ti[ab]), i = -(scale * (p.tr[ba] - p.tr[ab]))
        p.tr[ab] = r
        p.ti[ab] = i
        p.tr[ba] = r
        p.ti[ba] = -i
        if let sr = p.sr, let si = p.si {
            sr[ab] += r
            si[ab] += i
        }
        return r * r + i * i
    }
}

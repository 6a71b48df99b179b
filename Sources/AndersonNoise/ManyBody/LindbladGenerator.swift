import Dispatch

/// The right-hand side of the Lindblad equation (paper eq. 4) in one particle-number sector,
///     A(rho) = -i [H, rho] + gamma (n_k rho n_k - {n_k, rho} / 2)
///            = -i [H, rho] - D o rho,   D_ab = (gamma / 2) (n_k(a) - n_k(b))^2,
/// because n_k is diagonal with entries 0/1 in the Fock basis (pure dephasing).
///
/// Structure used instead of a C(L,N)^2 x C(L,N)^2 Liouvillian: with Y = rho H (sparse H,
/// one pass of contiguous column updates) and rho, H Hermitian, H rho = Y^dag, so
/// -i[H, rho]_ab = -i (conj(Y_ba) - Y_ab), formed pairwise in place for (a, b) and (b, a).
/// Cost per application: (nonzeros of H) x d complex multiply-adds plus one pass over rho.
/// Work is split over column blocks with no reductions, so the result does not depend on the
/// number of threads.
public struct LindbladGenerator: LinearGenerator, Sendable {
    public let hamiltonian: SectorHamiltonian
    /// 1 where the noisy site is occupied in basis state a.
    public let noiseOccupation: [Double]
    public let gamma: Double
    public let threads: Int

    public init(hamiltonian: SectorHamiltonian, sector: FockSector, noiseSite: Int, gamma: Double, threads: Int = 1) {
        self.hamiltonian = hamiltonian
        noiseOccupation = sector.states.map { FockSector.isOccupied($0, noiseSite) ? 1 : 0 }
        self.gamma = gamma
        self.threads = max(1, threads)
    }

    public var stateRows: Int { hamiltonian.dimension }
    public var stateColumns: Int { hamiltonian.dimension }

    /// ||K|| + ||D|| with K = [H, .], whose eigenvalues are E_a - E_b: (E_max - E_min) + gamma/2.
    public var normBound: Double { (hamiltonian.highestEnergy - hamiltonian.lowestEnergy) + gamma / 2 }

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
                                    noiseOccupation.withUnsafeBufferPointer { nk in
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
    /// (column b of H is its row b).
    private func multiply(d: Int, first: Int, stride: Int, _ p: Pointers) {
        var b = first
        while b < d {
            let out = b * d
            let yr = p.yr + out, yi = p.yi + out
            yr.update(repeating: 0, count: d)
            yi.update(repeating: 0, count: d)
            for e in p.rowStart[b]..<p.rowStart[b + 1] {
                let c = Int(p.columns[e]) * d
                let v = p.values[e]
                let xr = p.xr + c, xi = p.xi + c
                for a in 0..<d {
                    yr[a] += v * xr[a]
                    yi[a] += v * xi[a]
                }
            }
            b += stride
        }
    }

    /// Turns Y into A(rho) in place, pair by pair, in 64 x 64 tiles for cache locality; the
    /// pairs (a < b) of column tile tj belong to block tj % stride.
    private func combine(d: Int, first: Int, stride: Int, _ p: Pointers) {
        let tile = 64
        let tiles = (d + tile - 1) / tile
        let halfGamma = gamma / 2
        let xr = p.xr, xi = p.xi, yr = p.yr, yi = p.yi, nk = p.noise
        var tj = first
        while tj < tiles {
            let b0 = tj * tile, b1 = min(b0 + tile, d)
            for ti in 0...tj {
                let a0 = ti * tile, a1 = min(a0 + tile, d)
                for b in b0..<b1 {
                    let aEnd = min(a1, b)
                    if a0 < aEnd {
                        for a in a0..<aEnd {
                            let ab = b * d + a, ba = a * d + b
                            let zr = yr[ba] - yr[ab]
                            let zi = -yi[ba] - yi[ab]
                            let dn = nk[a] - nk[b]
                            let damp = halfGamma * dn * dn
                            yr[ab] = zi - damp * xr[ab]
                            yi[ab] = -zr - damp * xi[ab]
                            yr[ba] = zi - damp * xr[ba]
                            yi[ba] = zr - damp * xi[ba]
                        }
                    }
                    if ti == tj {
                        let bb = b * d + b
                        yr[bb] = -2 * yi[bb]
                        yi[bb] = 0
                    }
                }
            }
            tj += stride
        }
    }
}

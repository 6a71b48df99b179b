import LinearAlgebra
/// The few whole-state operations of the propagator, on the split re/im storage of
/// `ComplexMatrix`: eight lanes at a time (SIMD8 and its partial sums), then a scalar tail.
/// Each pass streams the state once, so on a large state it costs about as much as a
/// generator application's pass: the propagator keeps their number low.
package enum StateArithmetic {
    /// x *= scale; sum += x; returns ||x||_F^2 (after scaling).
    package static func scaleAndAdd(
        _ x: inout ComplexMatrix, scale: Double, to sum: inout ComplexMatrix
    ) -> Double {
        precondition(x.re.count == sum.re.count)
        var lanes = Lanes(), tail = 0.0
        x.re.withUnsafeMutableBufferPointer { re in
            x.im.withUnsafeMutableBufferPointer { im in
                sum.re.withUnsafeMutableBufferPointer { sumRe in
                    sum.im.withUnsafeMutableBufferPointer { sumIm in
                        let count = re.count
                        let xr = re.baseAddress!, xi = im.baseAddress!
                        let sr = sumRe.baseAddress!, si = sumIm.baseAddress!
                        var n = 0
                        while n + 8 <= count {
                            let r = Lanes.load(xr + n) * scale, i = Lanes.load(xi + n) * scale
                            Lanes.store(r, xr + n)
                            Lanes.store(i, xi + n)
                            Lanes.store(Lanes.load(sr + n) + r, sr + n)
                            Lanes.store(Lanes.load(si + n) + i, si + n)
                            lanes += r * r + i * i
                            n += 8
                        }
                        while n < count {
                            let r = xr[n] * scale, i = xi[n] * scale
                            xr[n] = r
                            xi[n] = i
                            sr[n] += r
                            si[n] += i
                            tail += r * r + i * i
                            n += 1
                        }
                    }
                }
            }
        }
        return lanes.sum() + tail
    }

    /// y += w x; with `upperOnly` (square matrices) only on and above the diagonal.
    package static func add(
        _ w: Double, _ x: ComplexMatrix, to y: inout ComplexMatrix, upperOnly: Bool = false
    ) {
        precondition(x.re.count == y.re.count)
        x.re.withUnsafeBufferPointer { xr in
            x.im.withUnsafeBufferPointer { xi in
                y.re.withUnsafeMutableBufferPointer { yr in
                    y.im.withUnsafeMutableBufferPointer { yi in
                        let columns = upperOnly ? y.columns : 1,
                            rows = upperOnly ? y.rows : xr.count
                        // column b, rows 0...b (or everything as one column)
                        for b in 0..<columns {
                            var n = b * rows
                            let end = upperOnly ? n + b + 1 : n + rows
                            while n + 8 <= end {
                                let (x, y) = (xr.baseAddress! + n, yr.baseAddress! + n)
                                let (u, v) = (xi.baseAddress! + n, yi.baseAddress! + n)
                                Lanes.store(Lanes.load(y) + w * Lanes.load(x), y)
                                Lanes.store(Lanes.load(v) + w * Lanes.load(u), v)
                                n += 8
                            }
                            while n < end {
                                yr[n] += w * xr[n]
                                yi[n] += w * xi[n]
                                n += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Sets the strict lower triangle of a square matrix to the conjugate of the upper one
    /// (8 x 8 blocks transposed in registers, the rest entry by entry).
    package static func mirrorUpper(_ x: inout ComplexMatrix) {
        precondition(x.rows == x.columns)
        let d = x.rows, blocks = d / 8
        x.re.withUnsafeMutableBufferPointer { r in
            x.im.withUnsafeMutableBufferPointer { i in
                let xr = r.baseAddress!, xi = i.baseAddress!
                // block (i, j), i < j, of the upper triangle into block (j, i)
                for j in 0..<blocks {
                    for k in 0..<j {
                        let upper = 8 * j * d + 8 * k, lower = 8 * k * d + 8 * j
                        Block(xr + upper, d).transposed.store(xr + lower, d)
                        Block(xi + upper, d).transposed.negated.store(xi + lower, d)
                    }
                }
                let mirror = { (a: Int, b: Int) in
                    xr[b * d + a] = xr[a * d + b]
                    xi[b * d + a] = -xi[a * d + b]
                }
                for b in 0..<d {  // the diagonal blocks, and the rows past the last full block
                    let blockEnd = b < 8 * blocks ? 8 * (b / 8) + 8 : d
                    for a in (b + 1)..<blockEnd { mirror(a, b) }
                    if b < 8 * blocks { for a in (8 * blocks)..<d { mirror(a, b) } }
                }
            }
        }
    }

    /// y = x, into y's own storage (no new allocation when y is not shared).
    package static func copy(_ x: ComplexMatrix, into y: inout ComplexMatrix) {
        precondition(x.re.count == y.re.count)
        y.re.withUnsafeMutableBufferPointer { yr in
            x.re.withUnsafeBufferPointer { _ = yr.update(fromContentsOf: $0) }
        }
        y.im.withUnsafeMutableBufferPointer { yi in
            x.im.withUnsafeBufferPointer { _ = yi.update(fromContentsOf: $0) }
        }
    }

    /// ||x||_F^2 = sum |x_ab|^2 (for a Hermitian density matrix: its purity Tr rho^2).
    package static func squaredNorm(_ x: ComplexMatrix) -> Double {
        var lanes = Lanes(), tail = 0.0
        for part in [x.re, x.im] {
            part.withUnsafeBufferPointer { p in
                var n = 0
                while n + 8 <= p.count {
                    let v = Lanes.load(p.baseAddress! + n)
                    lanes += v * v
                    n += 8
                }
                while n < p.count {
                    tail += p[n] * p[n]
                    n += 1
                }
            }
        }
        return lanes.sum() + tail
    }
}

// Why public and `@inlinable`: as `package` members (not inlined across the module boundary
// by this toolchain) the many-body L = 12 case ran 1.8x slower, with perf showing
// `Block.init`, `load` and `store` as calls (Performance article, "8 x 8 blocks inlined
// across modules").
/// Eight columns of eight lanes: an 8 x 8 block of a column-major matrix of doubles, the
/// unit in which the kernels transpose (the Lindblad generator's pairs, the propagator's
/// mirror of a Hermitian state). Public and `@inlinable`: those kernels live in other
/// modules and must inline every member.
public struct Block {
    public var c0: Lanes, c1: Lanes, c2: Lanes, c3: Lanes, c4: Lanes, c5: Lanes, c6: Lanes,
        c7: Lanes

    @inlinable public init(
        _ c0: Lanes, _ c1: Lanes, _ c2: Lanes, _ c3: Lanes, _ c4: Lanes, _ c5: Lanes, _ c6: Lanes,
        _ c7: Lanes
    ) {
        (self.c0, self.c1, self.c2, self.c3, self.c4, self.c5, self.c6, self.c7) = (
            c0, c1, c2, c3, c4, c5, c6, c7
        )
    }

    /// The block whose column k starts at base + k d.
    @inlinable @inline(__always) public init(_ base: UnsafeMutablePointer<Double>, _ d: Int) {
        self.init(
            .load(base), .load(base + d), .load(base + 2 * d), .load(base + 3 * d),
            .load(base + 4 * d), .load(base + 5 * d), .load(base + 6 * d), .load(base + 7 * d))
    }

    @inlinable @inline(__always) public func store(_ base: UnsafeMutablePointer<Double>, _ d: Int) {
        Lanes.store(c0, base)
        Lanes.store(c1, base + d)
        Lanes.store(c2, base + 2 * d)
        Lanes.store(c3, base + 3 * d)
        Lanes.store(c4, base + 4 * d)
        Lanes.store(c5, base + 5 * d)
        Lanes.store(c6, base + 6 * d)
        Lanes.store(c7, base + 7 * d)
    }

    @inlinable @inline(__always) public static func map(
        _ x: Block, _ y: Block, _ f: (Lanes, Lanes) -> Lanes
    ) -> Block {
        Block(
            f(x.c0, y.c0), f(x.c1, y.c1), f(x.c2, y.c2), f(x.c3, y.c3), f(x.c4, y.c4),
            f(x.c5, y.c5), f(x.c6, y.c6), f(x.c7, y.c7))
    }

    public var total: Lanes {
        @inlinable @inline(__always) get { ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) }
    }

    /// The transpose, in three rounds of de-interleaving: a round maps columns (2m, 2m + 1)
    /// to m (even lanes of both) and m + 4 (odd lanes), which rotates the three bits of the
    /// column index into the lane index; after three rounds column and lane have swapped.
    public var transposed: Block {
        @inlinable @inline(__always) get {
            var x = self
            for _ in 0..<3 {
                x = Block(
                    Lanes(lowHalf: x.c0.evenHalf, highHalf: x.c1.evenHalf),
                    Lanes(lowHalf: x.c2.evenHalf, highHalf: x.c3.evenHalf),
                    Lanes(lowHalf: x.c4.evenHalf, highHalf: x.c5.evenHalf),
                    Lanes(lowHalf: x.c6.evenHalf, highHalf: x.c7.evenHalf),
                    Lanes(lowHalf: x.c0.oddHalf, highHalf: x.c1.oddHalf),
                    Lanes(lowHalf: x.c2.oddHalf, highHalf: x.c3.oddHalf),
                    Lanes(lowHalf: x.c4.oddHalf, highHalf: x.c5.oddHalf),
                    Lanes(lowHalf: x.c6.oddHalf, highHalf: x.c7.oddHalf))
            }
            return x
        }
    }

    public var negated: Block {
        @inlinable @inline(__always) get { Block(-c0, -c1, -c2, -c3, -c4, -c5, -c6, -c7) }
    }
}

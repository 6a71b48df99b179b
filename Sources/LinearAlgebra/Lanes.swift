/// Eight doubles in SIMD lanes: the unit of the kernels that stream long columns (the
/// trajectory step, the Lindblad generator, the propagator's whole-state passes, `Block`).
public typealias Lanes = SIMD8<Double>

/// Four doubles in SIMD lanes: the unit of the closure's kernels.
public typealias Lanes4 = SIMD4<Double>

// The lane helpers of every kernel: unaligned loads and stores through a pointer (both
// widths) and the multiply-add the eight-lane kernels accumulate with. They move or combine
// lanes element by element only, so a kernel's results depend on its own order of operations
// alone. Public and `@inlinable` because the kernels live in other modules and must inline
// them (`package` members are not inlined across the module boundary by this toolchain: see
// `Block`). Written per width, not once on the `SIMD` protocol: that generic form, specialized
// at each use, changed the machine code of the kernels (the closure generator's column loop
// was no longer inlined into `apply`); these concrete members leave it as it was.

extension Lanes {
    /// The eight doubles p[0], ..., p[7] (p need not be aligned).
    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<Double>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    /// Writes the lanes of v to p[0], ..., p[7] (p need not be aligned).
    @inlinable @inline(__always)
    public static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// a * b + c lane by lane: fused (one rounding) in release builds for the build machine's
    /// CPU (FUSED_MULTIPLY_ADD, Package.swift), else a multiply, then an add (without FMA
    /// instructions `addingProduct` is a library call, many times slower).
    @inlinable @inline(__always)
    public static func madd(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes {
        #if FUSED_MULTIPLY_ADD
        c.addingProduct(a, b)
        #else
        c + a * b
        #endif
    }
}

extension Lanes4 {
    /// The four doubles p[0], ..., p[3] (p need not be aligned).
    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<Double>) -> Lanes4 {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes4.self)
    }

    /// Writes the lanes of v to p[0], ..., p[3] (p need not be aligned).
    @inlinable @inline(__always)
    public static func store(_ v: Lanes4, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes4.self)
    }
}

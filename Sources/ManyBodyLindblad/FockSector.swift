import ChainModel
import LinearAlgebra
import Propagation
/// The N-particle sector of L spinless fermionic modes: basis, ranking and Jordan-Wigner signs.
///
/// A basis state is a bit string b (bit i set = site i occupied, 0-based) and stands for
/// |b> = c^dag_{s_1} c^dag_{s_2} ... c^dag_{s_N} |0> with s_1 < s_2 < ... < s_N. With this
/// ordering c^dag_i c_j |b> = (-1)^(number of occupied sites strictly between i and j) |b'>
/// for i != j (j occupied, i empty in b), the Jordan-Wigner sign. States are listed in
/// ascending order of b; `index(of:)` ranks a state in O(N) by the combinatorial number
/// system: rank(b) = sum_m C(s_m, m) with m = 1..N.
public struct FockSector: Sendable {
    public let length: Int
    public let particles: Int
    public let states: [UInt64]
    private let binomials: [[Int]]

    public init(length: Int, particles: Int) {
        precondition(length >= 1 && length <= 62 && (0...length).contains(particles))
        self.length = length
        self.particles = particles
        var c = [[Int]](repeating: [Int](repeating: 0, count: particles + 2), count: length + 1)
        for n in 0...length {
            c[n][0] = 1
            if particles >= 1 {
                for k in 1...(particles + 1) where k <= n {
                    c[n][k] = c[n - 1][k - 1] + (k <= n - 1 ? c[n - 1][k] : 0)
                }
            }
        }
        binomials = c
        var list: [UInt64] = []
        list.reserveCapacity(FockSector.dimension(length: length, particles: particles))
        if particles == 0 {
            list = [0]
        } else {
            // Gosper's hack: the next larger integer with the same number of set bits.
            var v: UInt64 = (1 << UInt64(particles)) - 1
            let limit: UInt64 = 1 << UInt64(length)
            while v < limit {
                list.append(v)
                let t = v | (v &- 1)
                v = (t &+ 1) | (((~t & (t &+ 1)) &- 1) >> UInt64(v.trailingZeroBitCount + 1))
            }
        }
        states = list
    }

    /// C(L, N), exactly (Pascal's rule in integers, overflow-checked); nil when it exceeds
    /// Int.max, which no L <= 62 does.
    public static func binomial(_ n: Int, _ k: Int) -> Int? {
        guard n >= 0, (0...n).contains(k) else { return 0 }
        let k = min(k, n - k)
        var row = [Int](repeating: 0, count: k + 1)
        row[0] = 1
        for m in 0..<n {
            for j in stride(from: min(k, m + 1), through: 1, by: -1) {
                let (sum, overflow) = row[j].addingReportingOverflow(row[j - 1])
                if overflow { return nil }
                row[j] = sum
            }
        }
        return row[k]
    }

    /// C(L, N) for a sector this type can hold (L <= 62).
    public static func dimension(length: Int, particles: Int) -> Int {
        precondition(length <= 62, "a sector has at most 62 sites")
        return binomial(length, particles)!
    }

    public var dimension: Int { states.count }

    /// Position of a state with `particles` bits set in `states`.
    @inline(__always)
    public func index(of state: UInt64) -> Int {
        var rank = 0, m = 0, bits = state
        while bits != 0 {
            let s = bits.trailingZeroBitCount
            m += 1
            rank += s >= m ? binomials[s][m] : 0
            bits &= bits - 1
        }
        return rank
    }

    @inline(__always)
    public static func isOccupied(_ state: UInt64, _ site: Int) -> Bool {
        state >> UInt64(site) & 1 == 1
    }

    /// c^dag_i c_j |b> = sign |result>, or nil when it vanishes. i == j gives n_j.
    @inline(__always)
    public static func hop(
        _ state: UInt64, from j: Int, to i: Int
    ) -> (state: UInt64, sign: Double)? {
        guard isOccupied(state, j) else { return nil }
        if i == j { return (state, 1) }
        guard !isOccupied(state, i) else { return nil }
        let lo = min(i, j), hi = max(i, j)
        let between = (state >> UInt64(lo + 1)) & ((1 << UInt64(hi - lo - 1)) - 1)
        let sign: Double = between.nonzeroBitCount % 2 == 0 ? 1 : -1
        return ((state & ~(1 << UInt64(j))) | (1 << UInt64(i)), sign)
    }
}

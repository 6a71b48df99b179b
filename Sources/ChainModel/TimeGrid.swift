import Foundation
import LinearAlgebra

/// Output times.
public enum TimeGrid {
    /// t = 0 followed by a logarithmic grid from `start` to `end` with `pointsPerDecade`
    /// points per decade (both ends included), as in `--t-max`/`--points-per-decade`.
    public static func logarithmic(start: Double, end: Double, pointsPerDecade: Int) -> [Double] {
        precondition(start > 0 && end >= start && pointsPerDecade > 0)
        let decades = log10(end / start)
        let n = max(Int((decades * Double(pointsPerDecade)).rounded(.up)), 0)
        var times = [0.0]
        for i in 0...n {
            let t = n == 0 ? start : start * pow(10, decades * Double(i) / Double(n))
            times.append(i == n ? end : t)
        }
        return times
    }

    /// Snaps every time to the nearest multiple of dt (and removes duplicates), so a
    /// discrete scheme outputs exactly at the listed times. When 1/dt is a whole number n (dt
    /// = 0.1, 0.05, ...) a multiple k dt is written k / n, the double nearest the decimal
    /// (0.3, not 0.30000000000000004).
    public static func snapped(_ times: [Double], to dt: Double) -> [Double] {
        var out: [Double] = []
        let inverse = 1 / dt, whole = abs(inverse - inverse.rounded()) <= 1e-9 * inverse
        for t in times {
            let k = (t / dt).rounded()
            let s = whole ? k / inverse.rounded() : k * dt
            if out.last.map({ abs($0 - s) > dt / 2 }) ?? true { out.append(s) }
        }
        return out
    }

    /// The number of steps of `dt` to each time, for a scheme that outputs only at multiples
    /// of dt (to 1e-9 relative); other times, or decreasing ones, are refused.
    public static func steps(to times: [Double], dt: Double) throws -> [Int] {
        var last = 0
        return try times.map { t in
            let n = Int((t / dt).rounded())
            guard abs(Double(n) * dt - t) <= 1e-9 * max(1, t), n >= last else {
                throw InputError(
                    option: "times", value: "\(t)", allowed: "increasing multiples of dt = \(dt)")
            }
            last = n
            return n
        }
    }
}

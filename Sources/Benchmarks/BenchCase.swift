/// One timed hot path of `bench` (the command prints and stores the timings).
package struct BenchCase {
    package var name: String
    /// What one timed call does, for the table.
    package var detail: String
    /// Seconds per call (median of repeats), measured by the case itself.
    package var measure: (_ quick: Bool) throws -> Double

    package init(name: String, detail: String, measure: @escaping (_ quick: Bool) throws -> Double)
    {
        self.name = name
        self.detail = detail
        self.measure = measure
    }
}

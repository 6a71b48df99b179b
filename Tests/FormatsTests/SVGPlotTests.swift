import Foundation
import PropertyBased
import Testing
import ChainModel
import LinearAlgebra
import Formats
import TestSupport

@Suite struct SVGPlotTests {
    /// Linear-axis ticks over ranges of width 1e-3..1e6: 4 to 11 of them, inside the range, equally
    /// spaced by 1, 2 or 5 times a power of ten (relative 1e-9: the products step * n carry
    /// round-off).
    @Test func ticksAreRoundAndInside() async {
        await seededPropertyCheck(
            count: 200, input: Gen.double(in: -1e3...1e3), Gen.double(in: -3...6)
        ) {
            lo, logWidth in
            let hi = lo + pow(10, logWidth)
            let ticks = SVGPlot.ticks(from: lo, to: hi)
            #expect((4...11).contains(ticks.count), "\(lo) \(hi): \(ticks)")
            #expect(ticks.allSatisfy { $0 >= lo - 1e-9 * abs(lo) && $0 <= hi + 1e-9 * abs(hi) })
            guard ticks.count > 1 else { return }
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "step \(step)")
        }
    }
}

extension SVGPlotTests {
    /// Notes are wrapped at spaces: no line longer than the limit unless it is one word, and
    /// the words and their order are kept.
    @Test func notesWrapAtSpaces() {
        let text =
            "Rates Gamma_ab = c u_a u_b with c = gamma (measured; the paper writes "
            + "gamma^2, which only rescales time by 1/gamma)."
        let lines = SVGPlot.wrap(text, columns: 40)
        #expect(lines.count > 1 && lines.allSatisfy { $0.count <= 40 || !$0.contains(" ") })
        #expect(lines.joined(separator: " ") == text)
        #expect(
            SVGPlot.wrap("a_single_word_longer_than_the_limit", columns: 10) == [
                "a_single_word_longer_than_the_limit"
            ])
    }
}

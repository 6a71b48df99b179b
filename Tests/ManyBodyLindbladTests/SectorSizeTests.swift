import Foundation
import Testing
import ChainModel
import LinearAlgebra
import ManyBodyLindblad
import TestSupport

@Suite struct SectorSizeTests {
    /// C(L, N) is exact: the lindblad refusal printed C(40, 20) = 407575348 (the value modulo
    /// 2^32, a 32-bit format); it is 137846528820. For every n <= 62 the row sums to 2^n and
    /// k C(n, k) = n C(n - 1, k - 1) holds exactly (compared as 128-bit products); overflow is
    /// reported, not wrapped.
    @Test func binomialsAreExact() {
        #expect(FockSector.binomial(40, 20) == 137_846_528_820)
        #expect(FockSector.binomial(62, 31) == 465_428_353_255_261_088)
        #expect(FockSector.binomial(68, 34) == nil)  // 2.8e19 > Int.max
        for n in 1...62 {
            #expect((0...n).reduce(0) { $0 + FockSector.binomial(n, $1)! } == 1 << n, "row \(n)")
            for k in 1...n {
                let left = FockSector.binomial(n, k)!.multipliedFullWidth(by: k)
                let right = FockSector.binomial(n - 1, k - 1)!.multipliedFullWidth(by: n)
                #expect(left == right, "C(\(n), \(k))")
            }
        }
    }

    @Test func refusalNamesTheExactSectorSize() {
        do {
            try LindbladSolver.checkMemory(length: 40, particles: 20, entropy: false)
            Issue.record("L = 40 accepted")
        } catch {
            #expect("\(error)".contains("C(40,20) = 137846528820"), "\(error)")
        }
    }
}

import Foundation
import Testing
import AndersonNoise

/// The reference catalogue's numbers: they meet the closed forms each case cites, and where
/// the many-body oracle (`lindblad`) and the exact closure both apply they agree.
@Suite struct CatalogueTests {
    /// The closed forms. The references are propagated to 1e-12 in the Frobenius norm of
    /// rho_s (or rho), which bounds each density, energy and purity error by about 1e-11; the
    /// Haken-Strobl width squares sum_i (i - j)^2 n_i, whose error is at most
    /// sqrt(sum_i (i - j)^4) x 1e-12 <= 3e-8 at L = 200, so the width errs by less than 3e-8
    /// once it exceeds 1 (t >= 1; at t = 0 it is 0 exactly). The infinite-temperature limits
    /// hold at the last time up to the slowest mode's e^{-rate t} (measured below 1e-14).
    /// Measured: every case within 1.8e-15.
    @Test func closedFormsHold() throws {
        var checked = 0
        for c in Catalogue.cases where c.closedForm != nil {
            let written = try CatalogueWriter.compute(c)
            let allowed: Double
            if case .hakenStrobl = c.closedForm! { allowed = 3e-8 } else { allowed = 1e-10 }
            #expect(written.closedFormDifference! <= allowed, "\(c.name)")
            checked += 1
        }
        #expect(checked >= 5)
    }

    /// The catalogue covers what it promises: at least 8 cases, one per scheme, L from 4 to
    /// 100 and beyond, times to 1e3, one and several noisy sites, every initial state, and
    /// the many-body purity.
    @Test func coverage() {
        let cases = Catalogue.cases
        #expect(cases.count >= 8)
        let schemes = Set(
            cases.compactMap { c -> String? in c.against.dt == nil ? nil : c.against.name })
        #expect(schemes == ["lie", "strang", "paper"])
        let lengths = cases.map(\.spec.chain.length)
        #expect(lengths.min()! <= 4 && lengths.max()! >= 100)
        #expect(cases.contains { ($0.spec.times.last ?? 0) >= 1e3 })
        #expect(cases.contains { $0.spec.chain.noiseSites.count > 1 })
        #expect(Set(cases.map(\.spec.initial.kind)) == Set(InitialSpec.Kind.allCases))
        #expect(cases.contains { $0.observables.contains(.purity) })
    }

    /// Closure cases small enough for the oracle, run by `lindblad`, and the lindblad cases'
    /// energy and density run by the closure, at the case's times up to t = 100 (the oracle's
    /// cost grows with t; the late times are the closed forms' test): both exact to 1e-12
    /// (Frobenius norm), so the energies and densities agree to 1e-9 relative with a wide
    /// margin (measured: at most 3.7e-14 of the largest value, four cases).
    @Test func agreesWithTheManyBodyOracle() throws {
        var compared = 0
        for c in Catalogue.cases
        where c.against == .exact && !c.spec.initial.isExcitation && c.spec.chain.length <= 10 {
            var spec = c.spec
            spec.observables = [.energy, .density]
            spec.times = spec.times.filter { $0 <= 100 }
            var closure = spec, lindblad = spec
            closure.solver = .closure(scheme: .exact, dt: 0.1, tolerance: 1e-12)
            lindblad.solver = .lindblad(tolerance: 1e-12)
            func run(_ s: RunSpec) throws -> Observables {
                let job = try EnsembleJob(s)
                return job.layout.observables(mean: try job.body(0).mean, standardError: nil)
            }
            let a = try run(closure), b = try run(lindblad)
            for o in [Observable.energy, .density] {
                let x = a[o]?.json.flattenedNumbers ?? []
                let y = b[o]?.json.flattenedNumbers ?? []
                let scale = x.map(abs).max()!
                let worst = zip(x, y).map { abs($0 - $1) }.max()!
                #expect(
                    x.count == y.count && worst <= 1e-9 * scale, "\(c.name) \(o): \(worst / scale)")
            }
            compared += 1
        }
        #expect(compared >= 3)
    }
}

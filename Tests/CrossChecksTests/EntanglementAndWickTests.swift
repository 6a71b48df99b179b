import Foundation
import Numerics
import Testing
import AndersonNoise
import TestSupport

@Suite struct EntanglementAndWickTests {
    /// Determinant of a small complex matrix (Gaussian elimination with partial pivoting),
    /// test-local and independent of the library.
    static func det(_ m: [[Complex<Double>]]) -> Complex<Double> {
        var a = m
        let n = a.count
        var d = Complex<Double>.one
        for c in 0..<n {
            let p = (c..<n).max { a[$0][c].length < a[$1][c].length }!
            if a[p][c].length == 0 { return .zero }
            if p != c { a.swapAt(p, c); d = -d }
            d *= a[c][c]
            for r in (c + 1)..<n {
                let f = a[r][c] / a[c][c]
                for k in c..<n { a[r][k] -= f * a[c][k] }
            }
        }
        return d
    }

    /// Peschel's entropy (eq. 15) of a random complex Slater determinant equals the Schmidt
    /// entropy of the same state built in the many-body Fock space (amplitudes = N x N minors,
    /// |b> = c^dag_{s1}...c^dag_{sN}|0> with ascending sites, so |b> = |b_A>|b_B> with no sign),
    /// for every cut, to 1e-10 (round-off of two eigensolvers); so does the whole profile.
    @Test(arguments: [(6, 3), (7, 2), (8, 4), (7, 5)])
    func peschelEqualsSchmidt(length l: Int, particles n: Int) throws {
        var rng = CounterRNG(seed: UInt64(l * 10 + n), stream: .test, realization: 0)
        let (re, im) = RandomSlater.orbitals(length: l, particles: n, rng: &rng)
        let sector = FockSector(length: l, particles: n)
        var amplitude: [UInt64: Complex<Double>] = [:]
        for b in sector.states {
            let sites = (0..<l).filter { FockSector.isOccupied(b, $0) }
            amplitude[b] = Self.det(
                sites.map { s in (0..<n).map { Complex(re[s, $0], im[s, $0]) } })
        }
        let profile = try Peschel.profile(re: re, im: im)
        for cut in 1..<l {
            // Schmidt matrix M[a][b] over the basis states of A (sites < cut) and of B.
            let maskA: UInt64 = (1 << UInt64(cut)) - 1
            let aStates = Array(Set(sector.states.map { $0 & maskA })).sorted()
            let bStates = Array(Set(sector.states.map { $0 & ~maskA })).sorted()
            var mm = ComplexMatrix(rows: aStates.count, columns: aStates.count)  // M M^dag
            for (i, a1) in aStates.enumerated() {
                for (j, a2) in aStates.enumerated() {
                    var s = Complex<Double>.zero
                    for b in bStates {
                        if let x = amplitude[a1 | b], let y = amplitude[a2 | b],
                            (a1 | b).nonzeroBitCount == n
                        {
                            s += x * y.conjugate
                        }
                    }
                    mm[i, j] = s
                }
            }
            let schmidt = Eigen.hermitianValues(mm).reduce(0.0) {
                $1 > 1e-15 ? $0 - $1 * log($1) : $0
            }
            let peschel = try Peschel.entropy(re: re, im: im, cut: cut)
            // Both entropies from eigenvalues accurate to d eps (d the Schmidt dimension, at
            // most C(L, N)), each weighted by |ln lambda + 1| <= 36 (lambda > 1e-15 kept).
            let entropy = Tolerance.derived("d eps x 36 per eigenvalue, d <= C(L, N)")
            RoundOff.expect(
                abs(schmidt - peschel), bound: 1e-10, why: entropy,
                "L=\(l) N=\(n) cut=\(cut): \(schmidt) vs \(peschel)")
            RoundOff.expect(
                abs(schmidt - profile[cut - 1]), bound: 1e-10, why: entropy,
                "profile, L=\(l) N=\(n) cut=\(cut)")
        }
    }

    /// The incremental profile (growing matrices, complement past L/2) equals the entropy of
    /// each cut computed on its own, to 1e-11 (round-off of eigensolvers of unit-size
    /// matrices built in different orders), with N below, at and above L/2 and odd L.
    @Test(arguments: [(20, 15), (21, 4), (30, 15), (9, 1)])
    func profileEqualsCutByCut(length l: Int, particles n: Int) throws {
        var rng = CounterRNG(seed: UInt64(l * 100 + n), stream: .test, realization: 0)
        let (re, im) = RandomSlater.orbitals(length: l, particles: n, rng: &rng)
        let profile = try Peschel.profile(re: re, im: im)
        #expect(profile.count == l - 1)
        for cut in 1..<l {
            let single = try Peschel.entropy(re: re, im: im, cut: cut)
            RoundOff.expect(
                abs(single - profile[cut - 1]), bound: 1e-11,
                why: .derived(
                    "eigenvalues of unit-size m x m matrices, m <= 15: m eps each, x |ln| <= 36"),
                "L=\(l) N=\(n) cut=\(cut): \(single) vs \(profile[cut - 1])")
        }
    }

    /// Wick: for each trajectory nn follows from rho_s; averaged over trajectories (Strang,
    /// dt = 0.02, Strang bias ~1e-5, far below the noise error) it equals the many-body
    /// Lindblad <n_i n_j> within the budget's family-wise threshold (`StatisticalBudget`; 21
    /// independent entries x 2 times, 72 numbers, nu = 2999: 5.0 standard errors).
    @Test func wickAverageMatchesManyBody() throws {
        let chain = TestSupport.randomChain(
            length: 6, disorder: 1, noiseSite: 2, gamma: 1, seed: 31)
        let occ = [1, 0, 1, 0, 1, 0]
        let times = [1.0, 4.0]
        let exact = try LindbladSolver(options: .init(observables: [.nn])).run(
            chain: chain, initial: .product(occupations: occ), times: times)
        guard case .matrix(let nn)? = exact.observables["nn"] else {
            Issue.record("missing"); return
        }
        let solver = TrajectorySolver(
            options: .init(
                scheme: .strang, dt: 0.02, noiseRealizations: 3000, seed: 7, observables: [.nn]))
        let stats = try solver.run(
            chain: chain, initial: .product(occupations: occ), times: times, realization: 0)
        let a = SampledAgreement(
            mean: stats.mean, standardError: stats.standardError,
            exact: nn.flatMap { $0.flatMap { $0 } })
        #expect(
            a.passes(
                k: TrajectoryVersusClosureTests.k(a, noise: 3000), minimumInformative: a.points),
            "max |z| = \(a.maxZ), \(a.informative) of \(a.points) informative")
    }

    /// Long-time half-cut entanglement per site of trajectories at half filling (L = 8,
    /// random product states, t = 3000, 40 x 40 samples) equals that of Haar-random Slater
    /// determinants of the same L (independent sampler) within the budget's threshold of one
    /// point with nu = 39 (40 realizations; `StatisticalBudget`) combined standard errors;
    /// Measured: 0.1975 against 0.1971, not (1/4) ln 2 = 0.173.
    @Test func longTimeEntanglementIsRandomSlater() throws {
        let l = 8
        let solver = TrajectorySolver(
            options: .init(
                scheme: .strang, dt: 0.2, noiseRealizations: 40, seed: 3,
                observables: [.entanglement]))
        var average = TwoLevelAverage(dimension: 1)
        for r in 0..<40 {
            let chain = Chain.disordered(
                length: l, disorder: 1, noiseSite: l / 2 - 1, gamma: 1, seed: 3, realization: r)
            let occ = InitialState.randomOccupations(
                length: l, particles: l / 2, seed: 3, realization: r)
            average.add(
                realization: try solver.run(
                    chain: chain, initial: .product(occupations: occ), times: [3000], realization: r
                ))
        }
        let trajectory = average.mean[0] / Double(l),
            trajectoryError = average.standardError![0] / Double(l)
        let haar = try RandomSlater.halfCutEntropyPerSite(
            length: l, particles: l / 2, samples: 4000, seed: 1)
        let z =
            abs(trajectory - haar.mean)
            / (trajectoryError * trajectoryError + haar.standardError * haar.standardError)
            .squareRoot()
        let k = StatisticalBudget.threshold(points: 1, degreesOfFreedom: 39)
        #expect(
            z < k,
            """
            trajectories \(trajectory) +- \(trajectoryError), Haar \(haar.mean) +- \
            \(haar.standardError)
            """
        )
        #expect(abs(trajectory - 0.25 * log(2)) > 0.01)
    }
}

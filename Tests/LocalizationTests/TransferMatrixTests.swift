import Foundation
import PropertyBased
import Testing
import ChainModel
import LinearAlgebra
import Localization
import TestSupport

/// Exact identities of the transfer-matrix product, checked against LAPACK on the same chains.
@Suite struct TransferMatrixTests {
    /// From (psi_1, psi_0) = (1, 0), psi_{N+1} is the characteristic polynomial of the first N
    /// sites, det(E - h_N) / J^N. Chains up to N = 1500 at W up to 8, where |psi| reaches e^1600
    /// (beyond the double range, so the power-of-two renormalisation is exercised). Two
    /// references, S = sum_a 1 / |E - E_a| the condition of ln|det| (E_a from `dsterf`):
    /// - the same recursion in 80-bit extended precision (x86) without renormalisation (its range
    ///   reaches e^11356; rounding 2^-11 of the double's, negligible). Tolerance: the double
    ///   recursion's backward error, each step perturbing w_n by at most 3 eps |E - w_n| and J
    ///   by 2 eps J, so ln|psi| moves by at most 4 eps (|E| + ||h||) S, plus
    ///   8 N eps (|ln|psi|| + 1) + 1e-12 for the sums of the renormalised logarithm.
    /// - the Thouless formula sum_a ln|E - E_a| - N ln J. Tolerance: LAPACK's eigenvalue error
    ///   p(n) eps ||h|| with p(n) = n (the form of LAPACK's bound, whose p(n) grows modestly
    ///   with n), i.e. n eps ||h|| S, plus the same rounding term. Measured: `dsterf`'s error
    ///   reached 41 eps ||h|| S at N = 1198, near an eigenvalue (gap 2.5e-4): a constant
    ///   multiple of eps ||h||, as this test first assumed, is not enough.
    /// Measured over 6000 random chains x 6 energies: at most 0.04 of the first tolerance and
    /// 0.10 of the second (the largest at N <= 20).
    @Test func amplitudeIsTheCharacteristicPolynomial() async {
        await seededPropertyCheck(
            count: 20, input: Gen.int(in: 2...1500), Gen.int(in: 0...100_000),
            Gen.double(in: 0.1...8)
        ) { n, seed, w in
            let hopping = seed % 3 == 0 ? 0.7 : 1
            let chain = TestSupport.randomChain(
                length: n, disorder: w, noiseSite: 0, gamma: 0, seed: UInt64(seed), hopping: hopping
            )
            let values = Eigen.symmetricTridiagonalValues(
                diagonal: chain.potentials, offDiagonal: [Double](repeating: -hopping, count: n - 1)
            )
            let energies = [-2.5, -0.3, 0, 0.77, 1.9, 3.4]
            var product = TransferMatrixProduct(
                energies: energies, hopping: hopping, potentialBound: w)
            product.advance(potentials: chain.potentials)
            let eps = Double.ulpOfOne, norm = w + 2 * hopping
            for (j, e) in energies.enumerated() {
                let condition = values.reduce(0) { $0 + 1 / abs(e - $1) }
                let amplitude = product.logAbsoluteAmplitude(j)
                let rounding = 8 * Double(n) * eps * (abs(amplitude) + 1) + 1e-12
                #if arch(x86_64)  // Float80 exists on x86 only
                var (previous, current) = (Float80(0), Float80(1))
                for x in chain.potentials {
                    (previous, current) = (
                        current,
                        ((Float80(e) - Float80(x)) * current - Float80(hopping) * previous)
                            / Float80(hopping)
                    )
                }
                let extended = Double(log(abs(current)))
                #expect(
                    abs(amplitude - extended) < 4 * eps * (abs(e) + norm) * condition + rounding,
                    "N \(n) W \(w) E \(e)")
                #endif
                let thouless = values.reduce(0) { $0 + log(abs(e - $1)) } - Double(n) * log(hopping)
                #expect(
                    abs(amplitude - thouless) < Double(n) * eps * norm * condition + rounding,
                    "N \(n) W \(w) E \(e)")
            }
        }
    }

    /// The node count is the number of eigenvalues of the chain below E (Sturm sequence /
    /// Sylvester inertia): exact integer equality with LAPACK's eigenvalues, also when the
    /// potentials are fed in pieces.
    @Test func nodeCountIsTheEigenvalueCount() async {
        await seededPropertyCheck(
            count: 30, input: Gen.int(in: 2...1500), Gen.int(in: 0...100_000),
            Gen.double(in: 0.1...8)
        ) { n, seed, w in
            let chain = TestSupport.randomChain(
                length: n, disorder: w, noiseSite: 0, gamma: 0, seed: UInt64(seed))
            let values = Eigen.symmetricTridiagonalValues(
                diagonal: chain.potentials, offDiagonal: [Double](repeating: -1, count: n - 1))
            let energies = stride(
                from: -(2 + w) - 0.05, through: 2 + w + 0.05, by: (4 + 2 * w) / 37
            ).map { $0 }
            var product = TransferMatrixProduct(energies: energies, hopping: 1, potentialBound: w)
            let cut = seed % n
            product.advance(potentials: chain.potentials[0..<cut])
            product.advance(potentials: chain.potentials[cut...])
            for (j, e) in energies.enumerated() {
                #expect(
                    product.negativeRatios[j] == values.filter { $0 < e }.count,
                    "N \(n) W \(w) E \(e)")
            }
        }
    }

    /// The clean chain outside the band: lambda = arccosh(|E| / 2J) (`LyapunovLimits.cleanChain`).
    /// With W = 0 every chain is the same and the estimate differs from the exact rate only by
    /// the decaying mode, e^(-2 lambda warm-up) after the warm-up: 1e-12.
    @Test(arguments: [(2.5, 1.0), (-3.0, 1.0), (1.5, 0.7), (10.0, 1.3)])
    func cleanChainOutsideTheBand(energy e: Double, hopping j: Double) throws {
        let settings = LocalizationSettings(hopping: j, chains: 2, sites: 10_000, seed: 3)
        let samples = try LyapunovSampler.run(
            disorders: [0], energies: [e], settings: settings, threads: 1)[0]
        let p = samples.point(0)
        #expect(abs(p.lyapunov - LyapunovLimits.cleanChain(energy: e, hopping: j)) < 1e-12)
        #expect(p.lyapunovStderr == 0)
    }

    /// Same seed, same numbers: 1 and 3 threads, and a point computed alone or among other
    /// energies and disorders (the renormalisation period is fixed, chains are counter-based),
    /// are bit-identical.
    @Test func reproducibleWhateverThreadsAndCompany() throws {
        let settings = LocalizationSettings(chains: 7, sites: 3000, seed: 11)
        let alone = try LyapunovSampler.run(
            disorders: [1.5], energies: [0.4], settings: settings, threads: 1)[0]
        let many = try LyapunovSampler.run(
            disorders: [0.5, 1.5, 9], energies: [-7, 0.4, 2], settings: settings, threads: 3)[1]
        #expect(alone.point(0) == many.point(1))
        #expect(alone.lyapunov.map { $0[0] } == many.lyapunov.map { $0[1] })
    }
}

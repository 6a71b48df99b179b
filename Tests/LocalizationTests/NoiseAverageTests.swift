import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Localization
import TestSupport

/// The noise-averaged localization length xi_noise = integral xi(E) rho(E) dE
/// (`NoiseAveragedLocalization`).
@Suite struct NoiseAverageTests {
    /// The grid spans the whole spectrum: N(E) is exactly 0 at -(2J + W) and 1 at 2J + W
    /// (Gershgorin), so the weights sum to 1; and xi_noise >= 1 / lambda_noise (Jensen).
    @Test func gridCoversTheSpectrum() throws {
        let settings = LocalizationSettings(hopping: 0.8, chains: 8, sites: 5000, seed: 2)
        let a = try NoiseAveragedLocalization.compute(
            disorders: [0.7, 3], settings: settings, gridPoints: 33, threads: 2)
        for x in a {
            #expect(x.integratedDensity.first == 0 && x.integratedDensity.last == 1)
            #expect(x.xi * x.lyapunov >= 1)
        }
    }

    /// Against the definition computed from exact eigenstates: for chains of 300 sites (LAPACK
    /// `dstevd`, the solvers' disorder stream), the weight of eigenstate a is its mean
    /// |phi_a(k)|^2 over the bulk sites k = 60..239 (>= 9 xi_max from the ends), i.e. the local
    /// density of states a noisy site couples to, and each state contributes xi(E_a) linearly
    /// interpolated on the transfer-matrix grid (M = 256, where the interpolation and the
    /// trapezoid rule differ by < 1e-4 relative). Agreement at the budget's family-wise
    /// threshold for the two disorders (`StatisticalBudget`, nu = 99: 4.4 combined standard
    /// errors)
    /// checks that the node-count density of states is the bulk LDOS and the Stieltjes sum.
    @Test(arguments: [2.0, 4.0])
    func equalsTheLocalDensityOfStatesAverage(disorder w: Double) throws {
        let settings = LocalizationSettings(chains: 100, sites: 100_000, seed: 9)
        let average = try NoiseAveragedLocalization.compute(
            disorders: [w], settings: settings, gridPoints: 256, threads: 2)[0]
        let grid = average.energies, xiGrid = average.lyapunovOnGrid.map { 1 / $0 }
        func xi(_ e: Double) -> Double {
            let h = grid[1] - grid[0]
            let j = min(max(Int((e - grid[0]) / h), 0), grid.count - 2)
            let t = (e - grid[j]) / h
            return (1 - t) * xiGrid[j] + t * xiGrid[j + 1]
        }
        let l = 300, bulk = 60..<240
        var perChain: [Double] = []
        for r in 0..<200 {
            let chain = Chain.disordered(
                length: l, disorder: w, noiseSite: 0, gamma: 0, seed: 4, realization: r)
            let (values, vectors) = Eigen.symmetricTridiagonal(
                diagonal: chain.potentials, offDiagonal: [Double](repeating: -1, count: l - 1))
            var sum = 0.0
            for a in 0..<l {
                var weight = 0.0
                for k in bulk { weight += vectors[k, a] * vectors[k, a] }
                sum += weight / Double(bulk.count) * xi(values[a])
            }
            perChain.append(sum)
        }
        let (exact, exactError) = LyapunovSamples.meanAndError(perChain)
        print(
            "xi_noise W=\(w): node count \(average.xi) +- \(average.xiStderr), bulk LDOS "
                + "\(exact) +- \(exactError); 1/lambda_noise \(1 / average.lyapunov)"
        )
        let se = (exactError * exactError + average.xiStderr * average.xiStderr).squareRoot()
        #expect(
            abs(average.xi - exact)
                < StatisticalBudget.threshold(points: 2, degreesOfFreedom: 99) * se)
    }
}

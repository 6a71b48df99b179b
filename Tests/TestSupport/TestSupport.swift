import Foundation
import ChainModel
import LinearAlgebra
import Formats

/// Shared helpers of the test suite.
package enum TestSupport {
    /// The package root (found from this file's path), so tests read `references/` directly.
    package static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    package static let referencesDirectory = packageRoot.appendingPathComponent("references")

    /// A random chain for property tests: potentials uniform in [-W, W] from `seed`.
    package static func randomChain(
        length: Int, disorder: Double, noiseSite: Int, gamma: Double, seed: UInt64,
        hopping: Double = 1
    ) -> Chain {
        Chain.disordered(
            length: length, hopping: hopping, disorder: disorder, noiseSite: noiseSite,
            gamma: gamma, seed: seed, realization: 0)
    }
}

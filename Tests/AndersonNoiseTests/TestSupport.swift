import Foundation
@testable import AndersonNoise

/// Shared helpers of the test suite.
enum TestSupport {
    /// The package root (found from this file's path), so tests read `references/` directly.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let referencesDirectory = packageRoot.appendingPathComponent("references")

    /// A random chain for property tests: potentials uniform in [-W, W] from `seed`.
    static func randomChain(length: Int, disorder: Double, noiseSite: Int, gamma: Double, seed: UInt64, hopping: Double = 1) -> Chain {
        Chain.disordered(length: length, hopping: hopping, disorder: disorder, noiseSite: noiseSite, gamma: gamma, seed: seed, realization: 0)
    }
}

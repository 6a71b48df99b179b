import ChainModel
import Execution
import Foundation
import RunSpecification

/// The inputs of a `localization` run, held to their limits before any work (the Limits
/// article); each refusal is an `InputError` naming the quantity (`disorder`,
/// `energy`, `chains`, `sites`, `average_points`, `hopping`).
public struct LocalizationRequest: Sendable {
    public var settings: LocalizationSettings
    public var disorders: [Double]
    public var energies: [Double]
    /// Grid energies of xi_noise (0: not computed).
    public var averagePoints: Int
    public var threads: Int

    public init(
        settings: LocalizationSettings, disorders: [Double], energies: [Double],
        averagePoints: Int, threads: Int
    ) {
        self.settings = settings
        self.disorders = disorders
        self.energies = energies
        self.averagePoints = averagePoints
        self.threads = threads
    }

    /// Stored per-chain estimates (chains x energies x 2) are bounded to keep memory below ~0.5 GB.
    public static let maxStoredEstimates = 10_000_000

    /// Allowed independent chains per point (`--chains`).
    public static let allowedChains = 2...100_000
    /// Allowed counted sites per chain (`--sites`).
    public static let allowedSites = 100...10_000_000_000
    /// Allowed grid energies of xi_noise when not 0 (`--average-points`).
    public static let allowedAveragePoints = 3...10_000

    /// Refuses inputs out of range, repeated disorders or energies, and a run that could not
    /// finish in one go (it cannot be resumed).
    public func validate() throws {
        let j = settings.hopping, chains = settings.chains, sites = settings.sites
        guard j > 0 && j <= ChainSpec.maxScale else {
            throw InputError(
                option: "hopping", value: "\(j)",
                allowed: "allowed \(RunLimits.hopping)\(ChainSpec.scaleReason)")
        }
        for (name, list) in [("disorder", disorders), ("energy", energies)] {
            if let i = list.indices.first(where: { list[..<$0].contains(list[$0]) }) {
                throw InputError(
                    option: name, value: "\(list[i])",
                    allowed: "repeated value; give distinct values")
            }
        }
        if let bad = disorders.first(where: { !($0 > 0 && $0 <= 1e6 * j) }) {
            throw InputError(
                option: "disorder", value: "\(bad)",
                allowed: "allowed 0 < W <= 1e6 J (= \(1e6 * j)); a clean chain is not localized")
        }
        if let bad = energies.first(where: { abs($0) > 1e6 * j }) {
            throw InputError(
                option: "energy", value: "\(bad)", allowed: "allowed |E| <= 1e6 J (= \(1e6 * j))")
        }
        let c = Self.allowedChains, s = Self.allowedSites, a = Self.allowedAveragePoints
        guard c.contains(chains) else {
            throw InputError(
                option: "chains", value: "\(chains)",
                allowed: "allowed \(c.lowerBound)...\(c.upperBound)")
        }
        guard s.contains(sites) else {
            throw InputError(
                option: "sites", value: "\(sites)",
                allowed: "allowed \(s.lowerBound)...\(s.upperBound)")
        }
        guard averagePoints == 0 || a.contains(averagePoints) else {
            throw InputError(
                option: "average_points", value: "\(averagePoints)",
                allowed: "allowed 0 (off) or \(a.lowerBound)...\(a.upperBound)")
        }
        let stored = chains * (energies.count + averagePoints)
        guard stored <= Self.maxStoredEstimates else {
            throw InputError(
                option: "chains", value: "\(chains)",
                allowed: "chains x (energies + average points) = \(stored) stored estimates, "
                    + "allowed <= \(Self.maxStoredEstimates)")
        }
        // The run cannot be resumed, so all of it must finish in one go (the rule of `RunCost`,
        // at most 30 days of the run's threads), counting 60 operations per site and energy: one
        // core here runs 1.5e8 site-energy steps per second, 1e10/s over 60.
        let workers = Double(min(threads, chains * disorders.count))
        let steps =
            Double(chains) * Double(disorders.count) * (Double(sites) * 1.1)
            * Double(energies.count + averagePoints)
        guard 60 * steps <= RunCost.maxOperations * workers else {
            throw InputError(
                option: "chains/sites/energy/average_points", value: "",
                allowed: String(
                    format: "%.3g transfer-matrix steps, about %.3g days of %d thread(s) at "
                        + "%.0e operations/s; allowed at most 30 days (the run cannot be resumed)",
                    steps, 60 * steps / RunCost.assumedRate / workers / 86_400, Int(workers),
                    RunCost.assumedRate))
        }
    }

    /// The estimates whose warm-up (sites / 10) is shorter than their xi, one line each: they
    /// may be biased (the run's warnings, printed by the caller).
    public static func warnings(
        points: [LocalizationPoint], averages: [NoiseAveragedLocalization],
        settings: LocalizationSettings
    ) -> [String] {
        let warmup = settings.warmupSites
        let single = points.filter { Double(warmup) < $0.xi }.map { p in
            "W = \(p.disorder), E = \(p.energy): xi = \(p.xi) exceeds the \(warmup) warm-up sites "
                + "(sites / 10); the estimate may be biased: increase the counted sites"
        }
        let averaged = averages.compactMap { a -> String? in
            let largest = a.lyapunovOnGrid.map { 1 / $0 }.max()!
            guard Double(warmup) < largest else { return nil }
            return "W = \(a.disorder): xi up to \(largest) on the xi_noise grid exceeds the "
                + "\(warmup) warm-up sites; increase the counted sites"
        }
        return single + averaged
    }
}

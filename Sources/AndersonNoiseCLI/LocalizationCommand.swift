import AndersonNoise
import ArgumentParser
import Foundation

struct LocalizationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "localization",
        abstract:
            "Localization length xi(W, E) = 1 / lambda from the transfer-matrix Lyapunov exponent.",
        discussion: """
            h[i][i+1] = -J, h[i][i] = w_i uniform in [-W, W]; psi_{n+1} = ((w_n - E)/J) psi_n - \
            psi_{n-1}. \
            lambda = growth rate of ln||(psi_{n+1}, psi_n)|| over --sites counted sites after \
            sites/10 warm-up \
            sites, averaged over --chains independent chains (the same chains at every W and E); \
            standard errors \
            from the spread over chains, xi_stderr = lyapunov_stderr / lambda^2. |psi| ~ \
            exp(-|x|/xi), so \
            |psi|^2 decays with 2/xi. With --average-points M > 0, also xi_noise(W) = integral \
            xi(E) rho(E) dE, \
            the mean xi of the eigenstates a bulk noisy site couples to (rho = disorder-averaged \
            local density \
            of states), on M energies over [-(2J+W), 2J+W]. CSV on stdout; --output FILE writes \
            the JSON \
            (schema anderson-noise/localization/1).
            """
    )

    @Option(help: "Disorder strengths W, comma-separated or @FILE (0 < W <= 1e6 J).")
    var disorder: String = "1"

    @Option(help: "Energies E, comma-separated or @FILE (|E| <= 1e6 J).")
    var energy: String = "0"

    @Option(help: "Independent chains per point (2...100000).")
    var chains: Int = LocalizationSettings.defaultChains

    @Option(
        help: "Counted sites per chain (100...10000000000), after sites/10 discarded warm-up sites."
    )
    var sites: Int = LocalizationSettings.defaultSites

    @Option(help: "Master seed (unsigned 64-bit).")
    var seed: UInt64 = 1

    @Option(help: "Hopping J (> 0).")
    var hopping: Double = 1

    @Option(help: "Grid energies for xi_noise (0: not computed; else 3...10000).")
    var averagePoints: Int = NoiseAveragedLocalization.defaultGridPoints

    @Option(help: "Worker threads (default: all cores). Results are bit-identical for every value.")
    var threads: Int?

    @Option(help: "JSON result file (schema anderson-noise/localization/1).")
    var output: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    /// Stored per-chain estimates (chains x energies x 2) are bounded to keep memory below ~0.5 GB.
    static let maxStoredEstimates = 10_000_000

    func validate() throws {
        guard hopping > 0 && hopping <= ChainOptions.maxScale else {
            throw ValidationError(
                "--hopping \(hopping): allowed (0, 1e100]\(ChainOptions.scaleReason)")
        }
        let ws = try Self.list(disorder, option: "--disorder")
        if let bad = ws.first(where: { !($0 > 0 && $0 <= 1e6 * hopping) }) {
            throw ValidationError(
                "--disorder \(bad): allowed 0 < W <= 1e6 J (= \(1e6 * hopping)); a clean "
                    + "chain is not localized"
            )
        }
        let es = try Self.list(energy, option: "--energy")
        if let bad = es.first(where: { abs($0) > 1e6 * hopping }) {
            throw ValidationError("--energy \(bad): allowed |E| <= 1e6 J (= \(1e6 * hopping))")
        }
        guard (2...100_000).contains(chains) else {
            throw ValidationError("--chains \(chains): allowed 2...100000")
        }
        guard (100...10_000_000_000).contains(sites) else {
            throw ValidationError("--sites \(sites): allowed 100...10000000000")
        }
        guard averagePoints == 0 || (3...10_000).contains(averagePoints) else {
            throw ValidationError("--average-points \(averagePoints): allowed 0 (off) or 3...10000")
        }
        if let t = threads, !(1...1024).contains(t) {
            throw ValidationError("--threads \(t): allowed 1...1024")
        }
        let stored = chains * (es.count + averagePoints)
        guard stored <= Self.maxStoredEstimates else {
            throw ValidationError(
                "--chains \(chains): chains x (energies + average points) = \(stored) "
                    + "stored estimates, allowed <= \(Self.maxStoredEstimates)"
            )
        }
        // The run cannot be resumed, so all of it must finish in one go (the rule of `RunCost`,
        // at most 30 days of the run's threads), counting 60 operations per site and energy: one
        // core here runs 1.5e8 site-energy steps per second, 1e10/s over 60.
        let workers = Double(
            min(threads ?? ProcessInfo.processInfo.activeProcessorCount, chains * ws.count))
        let steps =
            Double(chains) * Double(ws.count) * (Double(sites) * 1.1)
            * Double(es.count + averagePoints)
        guard 60 * steps <= RunCost.maxOperations * workers else {
            throw ValidationError(
                String(
                    format:
                        "--chains/--sites/--energy/--average-points: %.3g transfer-matrix "
                        + "steps, about %.3g days of %d thread(s) at %.0e operations/s; "
                        + "allowed at most 30 days (the run cannot be resumed)",
                    steps, 60 * steps / RunCost.assumedRate / workers / 86_400, Int(workers),
                    RunCost.assumedRate))
        }
        if let path = output {
            try mappingErrors { try OutputPath.check(path, option: "--output", kind: .file) }
        }
    }

    /// A list of distinct finite numbers.
    static func list(_ spec: String, option: String) throws -> [Double] {
        let values = try ListParsing.doubles(spec, option: option)
        if let repeated = values.indices.first(where: { values[..<$0].contains(values[$0]) }) {
            throw ValidationError(
                "\(option) \(values[repeated]): repeated value; give distinct values")
        }
        return values
    }

    func run() throws {
        let started = Date()
        let ws = try Self.list(disorder, option: "--disorder"),
            es = try Self.list(energy, option: "--energy")
        let settings = LocalizationSettings(
            hopping: hopping, chains: chains, sites: sites, seed: seed)
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let grids = ws.map {
            averagePoints > 0
                ? NoiseAveragedLocalization.grid(
                    disorder: $0, hopping: hopping, points: averagePoints) : []
        }
        let reporter = StderrProgress(
            label: "localization", unit: "chains", quiet: quiet, forced: progress)
        let samples = try LyapunovSampler.run(
            disorders: ws, energies: ws.indices.map { es + grids[$0] }, settings: settings,
            threads: threadCount, progress: reporter)
        do {
            for s in samples { try s.checkResolved() }
        } catch let e as LyapunovNotResolved {
            FileHandle.standardError.write(Data("anderson-noise: \(e)\n".utf8))
            throw ExitCode(70)
        }
        let points = samples.flatMap { s in es.indices.map { s.point($0) } }
        let averages =
            averagePoints > 0
            ? samples.map {
                NoiseAveragedLocalization(samples: $0, columns: es.count..<es.count + averagePoints)
            } : []
        for p in points where Double(settings.warmupSites) < p.xi {
            let warning =
                "anderson-noise: warning: W = \(p.disorder), E = \(p.energy): xi = \(p.xi) "
                + "exceeds the \(settings.warmupSites) warm-up sites (sites / 10); the estimate "
                + "may be biased: increase --sites\n"
            FileHandle.standardError.write(Data(warning.utf8))
        }
        for a in averages {
            let largest = a.lyapunovOnGrid.map { 1 / $0 }.max()!
            if Double(settings.warmupSites) < largest {
                let warning =
                    "anderson-noise: warning: W = \(a.disorder): xi up to \(largest) on the "
                    + "xi_noise grid exceeds the \(settings.warmupSites) warm-up sites; "
                    + "increase --sites\n"
                FileHandle.standardError.write(Data(warning.utf8))
            }
        }
        let result = LocalizationResult(
            settings: settings, disorders: ws, energies: es, points: points,
            noiseAverages: averages, gridPoints: averagePoints,
            provenance: Provenance(
                started: started, wallSeconds: Date().timeIntervalSince(started),
                threads: threadCount))
        if let path = output {
            try result.json.serialized().write(
                to: URL(fileURLWithPath: path), atomically: true, encoding: .utf8)
        }
        print(result.csv, terminator: "")
    }
}

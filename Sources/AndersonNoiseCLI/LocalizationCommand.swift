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

    @Option(help: "Disorder strengths W, comma-separated or @FILE (allowed 0 < W <= 1e6 J).")
    var disorder: String = "1"

    @Option(help: "Energies E, comma-separated or @FILE (allowed |E| <= 1e6 J).")
    var energy: String = "0"

    @Option(
        help: """
            Independent chains per point (allowed \
            \(RunLimits.text(LocalizationRequest.allowedChains))).
            """)
    var chains: Int = LocalizationSettings.defaultChains

    @Option(
        help:
            """
            Counted sites per chain, after sites/10 discarded warm-up sites (allowed \
            \(RunLimits.text(LocalizationRequest.allowedSites))).
            """
    )
    var sites: Int = LocalizationSettings.defaultSites

    @Option(help: "Master seed (allowed 0...\(UInt64.max)).")
    var seed: UInt64 = 1

    @Option(help: "Hopping J (allowed \(RunLimits.hopping)).")
    var hopping: Double = 1

    @Option(
        help: """
            Grid energies for xi_noise (allowed 0, not computed, or \
            \(RunLimits.text(LocalizationRequest.allowedAveragePoints))).
            """)
    var averagePoints: Int = NoiseAveragedLocalization.defaultGridPoints

    @Option(
        help: """
            Worker threads; results are bit-identical for every value (default: all cores; \
            allowed \(RunLimits.text(threadRange))).
            """)
    var threads: Int?

    @Option(
        help:
            """
            JSON result file, schema anderson-noise/localization/1 (default: none, not \
            written; allowed a file path).
            """
    )
    var output: String?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    /// The run, its inputs parsed (`LocalizationRequest.validate` holds them to their limits).
    func request() throws -> LocalizationRequest {
        LocalizationRequest(
            settings: LocalizationSettings(
                hopping: hopping, chains: chains, sites: sites, seed: seed),
            disorders: try ListParsing.doubles(disorder, option: "--disorder"),
            energies: try ListParsing.doubles(energy, option: "--energy"),
            averagePoints: averagePoints,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    func validate() throws {
        if let t = threads, !(1...1024).contains(t) {
            throw ValidationError("--threads \(t): allowed 1...1024")
        }
        try mappingErrors { try request().validate() }
        if let path = output {
            try mappingErrors { try OutputPath.check(path, option: "--output", kind: .file) }
        }
    }

    func run() throws {
        let started = Date()
        let request = try request()
        let (ws, es, settings) = (request.disorders, request.energies, request.settings)
        let threadCount = request.threads
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
            StandardError.write("anderson-noise: \(e)\n")
            throw ExitCode(70)
        }
        let points = samples.flatMap { s in es.indices.map { s.point($0) } }
        let averages =
            averagePoints > 0
            ? samples.map {
                NoiseAveragedLocalization(samples: $0, columns: es.count..<es.count + averagePoints)
            } : []
        for warning in LocalizationRequest.warnings(
            points: points, averages: averages, settings: settings)
        {
            StandardError.write("anderson-noise: warning: \(warning)\n")
        }
        let result = LocalizationResult(
            settings: settings, disorders: ws, energies: es, points: points,
            noiseAverages: averages, gridPoints: averagePoints,
            provenance: Provenance(
                started: started, wallSeconds: Date().timeIntervalSince(started),
                threads: threadCount))
        if let path = output {
            try FileOutput.write(result.json.serialized(), toFile: path)
        }
        try StandardOutput.write(result.csv)
    }
}

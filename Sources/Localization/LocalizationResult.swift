import Foundation
import Formats

/// What `localization` produced: the JSON file (schema `anderson-noise/localization/1`) and
/// the CSV on stdout.
public struct LocalizationResult: Sendable {
    public static let schema = "anderson-noise/localization/1"
    public static let noiseAverageDefinition =
        "xi_noise = integral xi(E) rho(E) dE and lyapunov_noise = integral lambda(E) "
        + "rho(E) dE, rho = disorder-averaged "
        + "density of states = local density of states at a bulk (noisy) site; trapezoid "
        + "Stieltjes sum over the grid with "
        + "N(E) from the node count of the same chains"

    public var settings: LocalizationSettings
    public var disorders: [Double]
    public var energies: [Double]
    /// Points in the order disorder-major, energy-minor.
    public var points: [LocalizationPoint]
    /// One per disorder, in the same order (empty when not computed).
    public var noiseAverages: [NoiseAveragedLocalization]
    public var gridPoints: Int
    public var provenance: Provenance

    public init(
        settings: LocalizationSettings, disorders: [Double], energies: [Double],
        points: [LocalizationPoint],
        noiseAverages: [NoiseAveragedLocalization], gridPoints: Int, provenance: Provenance
    ) {
        self.settings = settings
        self.disorders = disorders
        self.energies = energies
        self.points = points
        self.noiseAverages = noiseAverages
        self.gridPoints = gridPoints
        self.provenance = provenance
    }

    public var json: JSONValue {
        let parameters: [(String, JSONValue)] = [
            ("disorder", .numbers(disorders)),
            ("energy", .numbers(energies)),
            ("hopping", .number(settings.hopping)),
            ("chains", .number(Double(settings.chains))),
            ("sites", .number(Double(settings.sites))),
            ("warmup_sites", .number(Double(settings.warmupSites))),
            ("seed", .string(String(settings.seed))),
            ("average_points", .number(Double(gridPoints))),
        ]
        let pointValues: [JSONValue] = points.map { p in
            .object([
                ("disorder", .number(p.disorder)), ("energy", .number(p.energy)),
                ("xi", .number(p.xi)), ("xi_stderr", .number(p.xiStderr)),
                ("lyapunov", .number(p.lyapunov)), ("lyapunov_stderr", .number(p.lyapunovStderr)),
                ("sites", .number(Double(p.sites))), ("chains", .number(Double(p.chains))),
                ("integrated_density", .number(p.integratedDensity)),
                ("integrated_density_stderr", .number(p.integratedDensityStderr)),
            ])
        }
        var pairs: [(String, JSONValue)] = [
            ("schema", .string(Self.schema)),
            ("parameters", .object(parameters)),
            ("points", .array(pointValues)),
        ]
        if !noiseAverages.isEmpty {
            pairs.append(("noise_average_definition", .string(Self.noiseAverageDefinition)))
            pairs.append(
                (
                    "noise_average",
                    .array(
                        noiseAverages.map { a in
                            .object([
                                ("disorder", .number(a.disorder)),
                                ("xi_noise", .number(a.xi)),
                                ("xi_noise_stderr", .number(a.xiStderr)),
                                ("lyapunov_noise", .number(a.lyapunov)),
                                ("lyapunov_noise_stderr", .number(a.lyapunovStderr)),
                                (
                                    "grid",
                                    .object([
                                        ("energy", .numbers(a.energies)),
                                        ("lyapunov", .numbers(a.lyapunovOnGrid)),
                                        ("integrated_density", .numbers(a.integratedDensity)),
                                    ])
                                ),
                            ])
                        })
                ))
        }
        pairs.append(("provenance", provenance.json))
        return .object(pairs)
    }

    /// One row per point; with the noise average, its xi_noise for the point's disorder.
    public var csv: String {
        var header = [
            "disorder", "energy", "xi", "xi_stderr", "lyapunov", "lyapunov_stderr", "sites",
            "chains",
        ]
        if !noiseAverages.isEmpty { header += ["xi_noise", "xi_noise_stderr"] }
        var out = header.joined(separator: ",") + "\n"
        for p in points {
            var row = [
                "\(p.disorder)", "\(p.energy)", "\(p.xi)", "\(p.xiStderr)", "\(p.lyapunov)",
                "\(p.lyapunovStderr)",
                "\(p.sites)", "\(p.chains)",
            ]
            if let a = noiseAverages.first(where: { $0.disorder == p.disorder }) {
                row += ["\(a.xi)", "\(a.xiStderr)"]
            }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }
}

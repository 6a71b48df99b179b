/// An observable a solver can produce; its raw value is its key in `result.json`, `result.csv`
/// and the layouts of `run.json` (the FileFormats article), and the name `--observables` takes.
///
/// The keys are defined here and nowhere else: code names observables by case, and converts
/// at the file boundary with `Observable(rawValue:)`. Shapes are per output time; L is the
/// chain length. Energies are in units of the hopping J, times in 1/J, positions in sites.
public enum Observable: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The trace: Tr rho = 1 (lindblad), Tr rho_s = N (closure), sum_a p_a = 1 (master).
    /// Scalar, dimensionless.
    case trace
    /// The energy <H> = Tr(rho_s h) of the noiseless Hamiltonian (eq. 1). Scalar, units of J.
    case energy
    /// The absorbed energy Delta eps(t) = eps(t) - eps(0) of each realization (Fig. 2). Scalar,
    /// units of J.
    case absorbedEnergy = "absorbed_energy"
    /// The site occupations <n_i> = (rho_s)_ii. Vector of L, dimensionless.
    case density
    /// The single-particle density matrix (rho_s)_ij = <c_i^dagger c_j> (eq. 12). Complex
    /// L x L matrix, dimensionless.
    case rhoS = "rho_s"
    /// The density-density correlations <n_i n_j>. Real L x L matrix, dimensionless.
    case nn
    /// The purity Tr rho^2 of the many-body state. Scalar, dimensionless.
    case purity
    /// The von Neumann entropy -Tr rho ln rho of the many-body state. Scalar, in nats.
    case entropyVN = "entropy_vn"
    /// The entanglement entropy of the left half (l_A = L/2) of a trajectory's Slater state,
    /// from the Peschel formula (eq. 15). Scalar, in nats.
    case entanglement
    /// The entanglement entropy of the first l_A sites, l_A = 1 ... L - 1 (eq. 15). Vector of
    /// L - 1, in nats.
    case entanglementProfile = "entanglement_profile"
    /// The RMS displacement R of an excitation (eq. 18), the root of the averaged second
    /// moment (`ObservableLayout.Shape.rootOfMean`). Scalar, in sites.
    case rmsDisplacement = "rms_displacement"
    /// The RMS width 2 R of an excitation's profile (eq. 18), a root of the averaged moment.
    /// Scalar, in sites.
    case rmsWidth = "rms_width"
    /// The eigenstate populations p_a, in ascending energy: (V^T rho_s V)_aa for closure, the
    /// master equation's p_a (eq. 19). Vector of L, dimensionless.
    case populations
    /// w / xi, the master equation's RMS width in units of the localization length (Fig. 4b
    /// collapse), a root of the averaged moment. Scalar, dimensionless. (Until result schema 2
    /// this was `rms_displacement_over_xi`, with the same numbers.)
    case rmsWidthOverXi = "rms_width_over_xi"
    /// xi t, the collapse's time axis (Fig. 4b). Scalar, in sites / J.
    case xiTimesT = "xi_times_t"
    /// The preflight's second moment m = sum_i (i - j)^2 n_i of an excitation's profile (the
    /// square of `rmsWidth`, linear in rho_s); no solver writes it. Scalar, in sites^2.
    case secondMoment = "second_moment"

    /// The file key (so that messages name observables as files and `--observables` do).
    public var description: String { rawValue }

    /// The ending of a standard-error companion's key.
    public static let stderrSuffix = "_stderr"

    /// The key of this observable's standard-error companion, `<key>_stderr`.
    public var stderrKey: String { rawValue + Self.stderrSuffix }

    /// The standard-error companion's key of any file key (known or not): `<key>_stderr`.
    public static func stderrKey(of key: String) -> String { key + stderrSuffix }

    /// Whether a file key is a standard-error companion (ends in `_stderr`).
    public static func isStderrKey(_ key: String) -> Bool { key.hasSuffix(stderrSuffix) }

    /// The observable a file key names, itself or as its standard-error companion; nil for a
    /// key that is neither.
    public init?(fileKey key: String) {
        let base = Self.isStderrKey(key) ? String(key.dropLast(Self.stderrSuffix.count)) : key
        self.init(rawValue: base)
    }

    /// Whether this is a transport quantity built from an excitation's spreading R (eq. 18):
    /// `rmsDisplacement`, `rmsWidth` and `rmsWidthOverXi`; each is a root of an averaged
    /// second moment.
    public var isTransport: Bool {
        switch self {
        case .rmsDisplacement, .rmsWidth, .rmsWidthOverXi: return true
        default: return false
        }
    }
}

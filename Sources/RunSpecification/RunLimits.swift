/// The allowed range of each input of a run, as the refusals (`RunSpec.validate`, exit 64 on
/// the command line) and the command line's --help state it: one source for both.
public enum RunLimits {
    /// Last time of the logarithmic grid.
    public static let tMax = "(0, 1e12]"
    public static let pointsPerDecade = 1...1000
    /// Each output time.
    public static let times = "[0, 1e12]"
    public static let hopping = "(0, 1e100]"
    public static let disorder = "[0, 1e100]"
    public static let gamma = "[0, 1e100]"
    public static let potential = "[-1e100, 1e100]"
    public static let realizations = 1...10_000_000
    public static let noiseRealizations = 1...1_000_000
    /// Time step of a splitting scheme.
    public static let dt = "(0, 10]"
    /// Error tolerance of the exact propagations (lindblad, closure --scheme exact).
    public static let tolerance = "[1e-14, 1e-3]"
    /// The ansatz's localization length.
    public static let xi = "[1e-100, 1e100]"

    /// `a...b` as the messages write an integer range.
    public static func text(_ r: ClosedRange<Int>) -> String { "\(r.lowerBound)...\(r.upperBound)" }

    /// The longest chain of each solver, as --help lists them.
    public static var lengths: String {
        SolverSpec.Name.allCases.map { "\($0.rawValue) \(SolverSpec.maxLength($0))" }
            .joined(separator: ", ")
    }
}

/// The `validate` rows of the Closure solver.
public enum ClosureChecks {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        []
    }
}

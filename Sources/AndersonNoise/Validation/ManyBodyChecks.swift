/// The `validate` rows of the ManyBody solver.
public enum ManyBodyChecks {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        []
    }
}

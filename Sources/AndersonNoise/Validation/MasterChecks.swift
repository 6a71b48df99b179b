/// The `validate` rows of the Master solver.
public enum MasterChecks {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        []
    }
}

/// The `validate` rows of the Trajectory solver.
public enum TrajectoryChecks {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        []
    }
}

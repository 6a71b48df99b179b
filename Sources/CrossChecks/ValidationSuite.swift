import ChainModel
import LinearAlgebra
import Propagation
import ManyBodyLindblad
import NoiseClosure
import Trajectories
import MasterEquation
import Statistics
import Execution
import Formats
import Agreement
/// Every cross-check behind `anderson-noise validate`, in the order they are run. Each solver
/// contributes its own list (`ManyBodyChecks`, `ClosureChecks`, `TrajectoryChecks`,
/// `MasterChecks`).
public enum ValidationSuite {
    public static func checks(_ settings: ValidationSettings) -> [ValidationCheck] {
        ManyBodyChecks.checks(settings) + ClosureChecks.checks(settings)
            + TrajectoryChecks.checks(settings)
            + MasterChecks.checks(settings)
    }
}

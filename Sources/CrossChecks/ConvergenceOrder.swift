import Foundation
import ChainModel
import RunSpecification
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

/// Measured convergence orders: the least-squares slope of log(error) against log(dt).
public enum ConvergenceOrder {
    public static func fit(_ points: [(dt: Double, error: Double)]) -> Double {
        LeastSquares.line(x: points.map { log($0.dt) }, y: points.map { log($0.error) }).slope
    }

    /// Largest entry of |rho_s(scheme at dt) - rho_s(exact)| at time T for each dt.
    public static func closureSchemeErrors(
        chain: Chain, initial: InitialState, scheme: Scheme, time: Double, steps: [Double]
    ) throws -> [(dt: Double, error: Double)] {
        let exact = try ClosureSolver(
            options: .init(scheme: .exact, tolerance: 1e-12, observables: [.rhoS])
        )
        .run(chain: chain, initial: initial, times: [time])
        guard case .complexMatrix(let reference)? = exact[.rhoS] else { return [] }
        return try steps.map { dt in
            let o = try ClosureSolver(options: .init(scheme: scheme, dt: dt, observables: [.rhoS]))
                .run(chain: chain, initial: initial, times: [time])
            guard case .complexMatrix(let m)? = o[.rhoS] else { return (dt, .nan) }
            return (dt, m[0].maxDifference(reference[0]))
        }
    }
}

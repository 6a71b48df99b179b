import Foundation
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

/// The quantities with an exact noise average that the preflight follows, as one flat vector
/// per realization (over all output times, `ObservableLayout` order): energy, density (L),
/// for an excitation the second moment m(t) = sum_i (i - j)^2 n_i(t) of its profile, and
/// rho_s (2 L^2) when the run writes it.
///
/// RMS observables are functions of averaged second moments (paper eq. 18 puts the noise and
/// disorder averages inside the root): rms_width = sqrt([m]), rms_displacement =
/// sqrt([m] / 4), so the moment, not the root, is what is averaged and sampled.
package struct PreflightQuantities {
    package let layout: ObservableLayout
    /// Excited site j (0-based) when the moment is followed.
    package let site: Int?

    package init(plan: PreflightPlan) {
        var entries: [(observable: Observable, shape: ObservableLayout.Shape)] = [
            (.energy, .scalar), (.density, .vector(plan.length)),
        ]
        if case .excitation(let j) = plan.state {
            entries.append((.secondMoment, .scalar))
            site = j
        } else {
            site = nil
        }
        if plan.exactObservables.contains(.rhoS) {
            entries.append((.rhoS, .complexMatrix(plan.length)))
        }
        layout = ObservableLayout(times: plan.times.count, entries: entries)
    }

    package var dimension: Int { layout.dimension }

    /// Offset of component `index` of `name` at time number `t` in the flat vector.
    package func offset(_ name: Observable, time t: Int, index: Int = 0) -> Int {
        layout.offset(of: name, time: t, index: index)!
    }

    /// Number of real components of `name` per time.
    package func size(_ name: Observable) -> Int {
        layout.shape(of: name)!.size
    }

    /// Adds the second moment to observables that hold the density, then flattens.
    package func flatten(_ observables: Observables) -> [Double] {
        var obs = observables
        if let j = site, case .vector(let density)? = observables[.density] {
            obs[.secondMoment] = .scalar(density.map { Self.secondMoment($0, site: j) })
        }
        return layout.flatten(obs)
    }

    /// sum_i (i - j)^2 profile_i (the square of `Transport.rmsWidth`).
    package static func secondMoment(_ profile: [Double], site j: Int) -> Double {
        let width = Transport.rmsWidth(profile: profile, site: j)
        return width * width
    }
}

extension ObservableLayout {
    /// Offset of component `index` of entry `name` at time number `t` in the flat vector.
    package func offset(of name: Observable, time t: Int, index: Int = 0) -> Int? {
        var start = 0
        for (n, shape) in entries {
            if n == name { return start + t * shape.size + index }
            start += shape.size * times
        }
        return nil
    }
}

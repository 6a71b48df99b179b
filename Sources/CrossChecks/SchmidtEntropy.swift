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

/// The entanglement entropy of a Slater determinant computed the many-body way: build its
/// amplitudes in the Fock sector (N x N minors of the site orbitals, ordering of
/// `FockSector`, so |b> = |b_A>|b_B> with no sign for A = the first l sites) and take the
/// Schmidt spectrum of the amplitude matrix. Exponential cost: the independent check of
/// Peschel's formula for small L.
public enum SchmidtEntropy {
    public static func entropy(re: RealMatrix, im: RealMatrix, cut l: Int) -> Double {
        let length = re.rows, n = re.columns
        let sector = FockSector(length: length, particles: n)
        var amplitude: [UInt64: (re: Double, im: Double)] = [:]
        var minor = ComplexMatrix(rows: n, columns: n)
        for b in sector.states {
            var m = 0
            for s in 0..<length where FockSector.isOccupied(b, s) {
                for a in 0..<n { minor[m, a] = .init(re[s, a], im[s, a]) }
                m += 1
            }
            amplitude[b] = minor.determinant
        }
        let maskA: UInt64 = (1 << UInt64(l)) - 1
        let aStates = Array(Set(sector.states.map { $0 & maskA })).sorted()
        let bStates = Array(Set(sector.states.map { $0 & ~maskA })).sorted()
        var reduced = ComplexMatrix(rows: aStates.count, columns: aStates.count)  // M M^dag
        for (i, a1) in aStates.enumerated() {
            for (j, a2) in aStates.enumerated() where i <= j {
                var sr = 0.0, si = 0.0
                for b in bStates {
                    guard let x = amplitude[a1 | b], let y = amplitude[a2 | b] else { continue }
                    sr += x.re * y.re + x.im * y.im
                    si += x.im * y.re - x.re * y.im
                }
                reduced.re[j * aStates.count + i] = sr
                reduced.im[j * aStates.count + i] = si
            }
        }
        return Eigen.hermitianValues(reduced).reduce(0.0) { $1 > 1e-15 ? $0 - $1 * log($1) : $0 }
    }
}

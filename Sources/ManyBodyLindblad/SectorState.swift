import ChainModel
import LinearAlgebra
import Propagation
/// Initial many-body density matrices in a particle-number sector.
public enum SectorState {
    /// |psi><psi| for the Slater determinant of the N lowest orbitals (the ground state of
    /// H_A, paper eq. 14): <b|psi> = det[phi_a(s_m)] over the occupied sites s_1 < ... < s_N of
    /// b and the orbitals a = 0..<N, which matches the ordering of `FockSector`.
    public static func groundState(sector: FockSector, spectrum: Spectrum) -> ComplexMatrix {
        let n = sector.particles
        var amplitudes = [Double](repeating: 0, count: sector.dimension)
        var minor = RealMatrix(rows: n, columns: n)
        for (index, b) in sector.states.enumerated() {
            var m = 0
            for s in 0..<sector.length where FockSector.isOccupied(b, s) {
                for a in 0..<n { minor[m, a] = spectrum.vectors[s, a] }
                m += 1
            }
            amplitudes[index] = minor.determinant
        }
        return pure(amplitudes)
    }

    /// The Fock state with the given 0/1 occupations.
    public static func product(sector: FockSector, occupations: [Int]) -> ComplexMatrix {
        var b: UInt64 = 0
        for (i, n) in occupations.enumerated() where n == 1 { b |= 1 << UInt64(i) }
        var amplitudes = [Double](repeating: 0, count: sector.dimension)
        amplitudes[sector.index(of: b)] = 1
        return pure(amplitudes)
    }

    package static func pure(_ psi: [Double]) -> ComplexMatrix {
        let d = psi.count
        var rho = ComplexMatrix(rows: d, columns: d)
        for b in 0..<d where psi[b] != 0 {
            for a in 0..<d { rho.re[b * d + a] = psi[a] * psi[b] }
        }
        return rho
    }
}

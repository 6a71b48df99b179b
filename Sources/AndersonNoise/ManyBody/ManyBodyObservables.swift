import Foundation

/// Observables of a many-body density matrix in a sector (CONTRACT names). Sites 0-based.
public struct ManyBodyObservables {
    public let sector: FockSector
    public let hamiltonian: SectorHamiltonian

    public init(sector: FockSector, hamiltonian: SectorHamiltonian) {
        self.sector = sector
        self.hamiltonian = hamiltonian
    }

    /// Tr rho (real part; the imaginary part of a Hermitian rho's trace is zero).
    public func trace(_ rho: ComplexMatrix) -> Double {
        let d = sector.dimension
        return (0..<d).reduce(0) { $0 + rho.re[$1 * d + $1] }
    }

    /// Tr(rho H) = sum_ab rho_ab H_ba (real for Hermitian rho).
    public func energy(_ rho: ComplexMatrix) -> Double {
        let d = sector.dimension
        var e = 0.0
        for b in 0..<d {
            for k in hamiltonian.rowStart[b]..<hamiltonian.rowStart[b + 1] {
                let a = Int(hamiltonian.columns[k])
                e += hamiltonian.values[k] * rho.re[b * d + a]
            }
        }
        return e
    }

    /// n_i = Tr(rho n_i).
    public func density(_ rho: ComplexMatrix) -> [Double] {
        let d = sector.dimension
        var n = [Double](repeating: 0, count: sector.length)
        for (a, b) in sector.states.enumerated() {
            let p = rho.re[a * d + a]
            for i in 0..<sector.length where FockSector.isOccupied(b, i) { n[i] += p }
        }
        return n
    }

    /// rho_s[i][j] = Tr(rho c^dag_i c_j) = sum_b <a| c^dag_i c_j |b> rho_ba with a the state
    /// reached from b (Jordan-Wigner sign included).
    public func singleParticleDensityMatrix(_ rho: ComplexMatrix) -> ComplexMatrix {
        let d = sector.dimension, l = sector.length
        var g = ComplexMatrix(rows: l, columns: l)
        for (bIndex, b) in sector.states.enumerated() {
            for j in 0..<l where FockSector.isOccupied(b, j) {
                for i in 0..<l {
                    guard let (a, sign) = FockSector.hop(b, from: j, to: i) else { continue }
                    let aIndex = sector.index(of: a)
                    // rho_ba sits at row b, column a: index a * d + b (column-major).
                    g.re[j * l + i] += sign * rho.re[aIndex * d + bIndex]
                    g.im[j * l + i] += sign * rho.im[aIndex * d + bIndex]
                }
            }
        }
        return g
    }

    /// <n_i n_j> = Tr(rho n_i n_j).
    public func densityDensity(_ rho: ComplexMatrix) -> [[Double]] {
        let d = sector.dimension, l = sector.length
        var nn = [[Double]](repeating: [Double](repeating: 0, count: l), count: l)
        for (a, b) in sector.states.enumerated() {
            let p = rho.re[a * d + a]
            let occ = (0..<l).filter { FockSector.isOccupied(b, $0) }
            for i in occ { for j in occ { nn[i][j] += p } }
        }
        return nn
    }

    /// Tr(rho^2) = sum_ab |rho_ab|^2 for Hermitian rho.
    public func purity(_ rho: ComplexMatrix) -> Double {
        var s = 0.0
        for k in rho.re.indices { s += rho.re[k] * rho.re[k] + rho.im[k] * rho.im[k] }
        return s
    }

    /// Eigenvalues of rho (ascending), by `zheevd`.
    public func spectrum(_ rho: ComplexMatrix) -> [Double] { Eigen.hermitianValues(rho) }

    /// -Tr(rho ln rho), natural log, from eigenvalues (those <= 0 contribute 0).
    public static func vonNeumannEntropy(eigenvalues: [Double]) -> Double {
        eigenvalues.reduce(0) { $1 > 0 ? $0 - $1 * log($1) : $0 }
    }
}

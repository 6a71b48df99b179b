import ChainModel
import LinearAlgebra
import Propagation
/// H_A = sum_ij h_ij c^dag_i c_j (paper eq. 1) restricted to one particle-number sector, as a
/// real symmetric sparse matrix in compressed-row form (hops carry their Jordan-Wigner sign).
public struct SectorHamiltonian: Sendable {
    public let dimension: Int
    /// Row a holds the entries `columns[rowStart[a]..<rowStart[a+1]]` with `values`.
    public let rowStart: [Int]
    public let columns: [Int32]
    public let values: [Double]
    /// Lowest and highest eigenvalue of H in the sector: sums of the N lowest and highest
    /// single-particle energies (exact for a quadratic H).
    public let lowestEnergy: Double
    public let highestEnergy: Double

    public init(chain: Chain, sector: FockSector, spectrum: Spectrum) {
        let h = chain.hamiltonian
        let l = chain.length
        var pairs: [(i: Int, j: Int, v: Double)] = []
        for j in 0..<l {
            for i in 0..<l where h[i, j] != 0 && i != j { pairs.append((i, j, h[i, j])) }
        }
        var rowStart = [0], cols: [Int32] = [], vals: [Double] = []
        for b in sector.states {
            var diagonal = 0.0
            for i in 0..<l where FockSector.isOccupied(b, i) { diagonal += h[i, i] }
            var entries: [(Int32, Double)] = [(Int32(sector.index(of: b)), diagonal)]
            // Row of state b: <b| H |c> = sum_ij h_ij <b| c^dag_i c_j |c>; H is real symmetric,
            // so row b equals column b: the states c^dag_i c_j |b> with their signs.
            for (i, j, v) in pairs {
                if let (a, sign) = FockSector.hop(b, from: j, to: i) {
                    entries.append((Int32(sector.index(of: a)), sign * v))
                }
            }
            entries.sort { $0.0 < $1.0 }
            for (c, v) in entries {
                cols.append(c)
                vals.append(v)
            }
            rowStart.append(cols.count)
        }
        dimension = sector.dimension
        self.rowStart = rowStart
        columns = cols
        values = vals
        let e = spectrum.energies
        lowestEnergy = e.prefix(sector.particles).reduce(0, +)
        highestEnergy = e.suffix(sector.particles).reduce(0, +)
    }
}

import Foundation
import ChainModel
import LinearAlgebra
import Propagation

/// Observables of a many-body density matrix in a sector. Sites 0-based.
///
/// The linear ones (trace, energy, density, rho_s, nn) are one sparse readout, a fixed list of
/// weighted entries of rho summed into a vector, so the propagator can evaluate them on every
/// term of its series (dense output) at the cost of a few entries per value; the nonlinear
/// ones (purity, von Neumann entropy) take the state.
public struct ManyBodyObservables: Sendable {
    /// The observables a readout can produce besides the trace, in readout order.
    public static let linearObservables: [Observable] = [.energy, .density, .rhoS, .nn]
    /// The linear observables this readout produces, trace first.
    public let observables: [Observable]
    /// Where each observable's values sit in the readout vector: trace and energy one value,
    /// density L, nn L^2 ([i][j] at i L + j), rho_s 2 L^2 (real parts, then imaginary, entry (i, j)
    /// at j L + i, the `ComplexMatrix` order).
    public let ranges: [Observable: Range<Int>]
    public let length: Int
    private let real: Entries
    private let imaginary: Entries

    /// value[slot] += weight * part[position], sorted by position (one sweep through rho).
    private struct Entries: Sendable {
        package var slot: [Int32] = []
        package var position: [Int32] = []
        package var weight: [Double] = []

        package mutating func add(_ slot: Int, _ position: Int, _ weight: Double) {
            self.slot.append(Int32(slot))
            self.position.append(Int32(position))
            self.weight.append(weight)
        }

        package func sorted() -> Entries {
            let order = position.indices.sorted { position[$0] < position[$1] }
            return Entries(
                slot: order.map { slot[$0] }, position: order.map { position[$0] },
                weight: order.map { weight[$0] })
        }
    }

    /// `linear`: the observables wanted besides the trace, among `linearObservables`.
    public init(sector: FockSector, hamiltonian: SectorHamiltonian, linear: [Observable]) {
        let d = sector.dimension, l = sector.length
        observables = [.trace] + Self.linearObservables.filter { linear.contains($0) }
        var ranges: [Observable: Range<Int>] = [:], next = 0
        for observable in observables {
            let size: Int
            switch observable {
            case .density: size = l
            case .rhoS: size = 2 * l * l
            case .nn: size = l * l
            default: size = 1
            }
            ranges[observable] = next..<(next + size)
            next += size
        }
        self.ranges = ranges
        length = l
        var re = Entries(), im = Entries()
        for (a, b) in sector.states.enumerated() {
            let diagonal = a * d + a
            let occupied = (0..<l).filter { FockSector.isOccupied(b, $0) }
            re.add(ranges[.trace]!.lowerBound, diagonal, 1)
            if let r = ranges[.density] {
                for i in occupied { re.add(r.lowerBound + i, diagonal, 1) }
            }
            if let r = ranges[.nn] {
                for i in occupied {
                    for j in occupied { re.add(r.lowerBound + i * l + j, diagonal, 1) }
                }
            }
            // Tr(rho H) = sum_ab rho_ab H_ba; row a of H holds H_ab = H_ba
            if let r = ranges[.energy] {
                for k in hamiltonian.rowStart[a]..<hamiltonian.rowStart[a + 1] {
                    re.add(r.lowerBound, a * d + Int(hamiltonian.columns[k]), hamiltonian.values[k])
                }
            }
            if let r = ranges[.rhoS] {
                // rho_s[i][j] = Tr(rho c^dag_i c_j) = sum_b <a| c^dag_i c_j |b> rho_ba, a reached
                // from b (Jordan-Wigner sign included); rho_ba sits at index a d + b.
                for j in occupied {
                    for i in 0..<l {
                        guard let (target, sign) = FockSector.hop(b, from: j, to: i) else {
                            continue
                        }
                        let position = sector.index(of: target) * d + a
                        re.add(r.lowerBound + j * l + i, position, sign)
                        im.add(r.lowerBound + l * l + j * l + i, position, sign)
                    }
                }
            }
        }
        real = re.sorted()
        imaginary = im.sorted()
    }

    /// The linear observables of rho (or of any matrix: the readout is linear), in `ranges`.
    public func readout(_ rho: ComplexMatrix) -> [Double] {
        var values = [Double](repeating: 0, count: ranges.values.map(\.upperBound).max() ?? 0)
        values.withUnsafeMutableBufferPointer { v in
            Self.sum(real, rho.re, into: v)
            Self.sum(imaginary, rho.im, into: v)
        }
        return values
    }

    private static func sum(
        _ e: Entries, _ part: [Double], into v: UnsafeMutableBufferPointer<Double>
    ) {
        part.withUnsafeBufferPointer { x in
            e.slot.withUnsafeBufferPointer { s in
                e.position.withUnsafeBufferPointer { p in
                    e.weight.withUnsafeBufferPointer { w in
                        for n in 0..<s.count { v[Int(s[n])] += w[n] * x[Int(p[n])] }
                    }
                }
            }
        }
    }

    /// rho_s from a readout vector.
    public func singleParticleDensityMatrix(_ values: [Double]) -> ComplexMatrix {
        let r = ranges[.rhoS]!, l = length
        var g = ComplexMatrix(rows: l, columns: l)
        g.re = Array(values[r.lowerBound..<(r.lowerBound + l * l)])
        g.im = Array(values[(r.lowerBound + l * l)..<r.upperBound])
        return g
    }

    /// <n_i n_j> from a readout vector.
    public func densityDensity(_ values: [Double]) -> [[Double]] {
        let r = ranges[.nn]!, l = length
        return (0..<l).map { i in
            Array(values[(r.lowerBound + i * l)..<(r.lowerBound + (i + 1) * l)])
        }
    }

    /// Tr(rho^2) = ||rho||_F^2 for Hermitian rho.
    public static func purity(_ rho: ComplexMatrix) -> Double { StateArithmetic.squaredNorm(rho) }

    /// -Tr(rho ln rho), natural log, from eigenvalues (those <= 0 contribute 0).
    public static func vonNeumannEntropy(eigenvalues: [Double]) -> Double {
        eigenvalues.reduce(0) { $1 > 0 ? $0 - $1 * log($1) : $0 }
    }
}

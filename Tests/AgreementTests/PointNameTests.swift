import Testing
import ChainModel
import LinearAlgebra
import Agreement
import Formats

/// `compare` names points as a user reads them, sites 1-based: built from matrices whose
/// every entry encodes its own 1-based position, written by the project's own series writer.
@Suite struct PointNameTests {
    /// An L x L complex matrix with re(i, j) = 10 i + j and im(i, j) = -(10 i + j), i and j
    /// 1-based, set through the column-major storage that the solvers fill.
    static func known(_ l: Int) -> ComplexMatrix {
        var m = ComplexMatrix(rows: l, columns: l)
        for i in 0..<l {
            for j in 0..<l {
                m.re[j * l + i] = Double(10 * (i + 1) + (j + 1))
                m.im[j * l + i] = -Double(10 * (i + 1) + (j + 1))
            }
        }
        return m
    }

    /// Every entry of a complex matrix series of two times (the second time adding 100) is
    /// named `rho_s(i,j).re` or `.im` with exactly the 1-based row and column it holds.
    @Test func complexMatrixEntriesAreNamedByRowAndColumn() {
        let l = 3
        var later = Self.known(l)
        later.re = later.re.map { $0 + 100 }
        later.im = later.im.map { $0 - 100 }
        let series = Series.complexMatrix([Self.known(l), later]).json
        let values = series.flattenedNumbers!
        let naming = PointName(observable: "rho_s", series: series)
        #expect(naming.perTime == 2 * l * l)
        for (n, x) in values.enumerated() {
            let name = naming.name(index: n)
            let time = n / naming.perTime
            let code = abs(x) - Double(100 * time)
            let (i, j) = (Int(code) / 10, Int(code) % 10)
            let part = x > 0 ? "re" : "im"
            #expect(name == "rho_s(\(i),\(j)).\(part)", "entry \(n) holds \(x)")
        }
        #expect(naming.name(index: 0) == "rho_s(1,1).re")
        #expect(naming.name(index: 1) == "rho_s(1,1).im")
        #expect(naming.name(index: 2) == "rho_s(1,2).re")
    }

    /// Scalars are named by the observable, vectors by the site, real matrices by row and
    /// column, all 1-based.
    @Test func scalarVectorAndMatrixNames() {
        #expect(
            PointName(observable: "energy", series: .numbers([1.0, 2, 3])).name(index: 2)
                == "energy")
        let density = JSONValue.numbers([[1.0, 2, 3, 4, 5], [1.0, 2, 3, 4, 5]])
        #expect(PointName(observable: "density", series: density).name(index: 4) == "density(5)")
        #expect(PointName(observable: "density", series: density).name(index: 5) == "density(1)")
        let nn = JSONValue.numbers([[[11.0, 12], [21, 22]]])
        #expect(PointName(observable: "nn", series: nn).name(index: 2) == "nn(2,1)")
    }

    /// The comparison carries the name: one imaginary part of rho_s changed is the worst
    /// point, named by its row and column.
    @Test func comparisonNamesTheChangedEntry() {
        let a = Self.known(4)
        var b = a
        b.im[2 * 4 + 1] += 1  // row 2, column 3 (1-based), column-major storage
        func file(_ m: ComplexMatrix) -> JSONValue {
            .object([
                ("schema", .string(SolverResult.schema)), ("solver", .string("closure")),
                ("times", .numbers([1.0])),
                ("observables", .object([("rho_s", Series.complexMatrix([m]).json)])),
            ])
        }
        // Allowance 1e-12 x max |x| = 4.4e-11 (entry (4,4) holds 44): the change of 1 is ten
        // orders beyond it, and every other entry differs by exactly 0.
        let c = ResultComparison(file(a), file(b), tolerance: 1e-12)
        #expect(c.verdict == .disagree)
        #expect(c.worst.first?.name == "rho_s(2,3).im")
        let changed = -Double(10 * 2 + 3) + 1
        #expect(c.worst.first.map { $0.a == changed - 1 && $0.b == changed } == true)
    }
}

import Foundation
import Testing
import AndersonNoise

/// The reader of submitted results: what it accepts, and that everything else is refused
/// naming the column (or key) and row.
@Suite struct CheckTableTests {
    static func refusal(_ csv: String) -> String {
        do {
            _ = try CheckTable.parse(csv: csv, name: "f.csv")
            return "accepted"
        } catch { return "\(error)" }
    }

    @Test func readsScalarsVectorsAndStandardErrors() throws {
        let t = try CheckTable.parse(
            csv: [
                "time,energy,density[2],density[1],energy_stderr", "0,1,0.25,0.75,0.1",
                "1,2,0.5,0.5,0.2",
            ].joined(separator: "\n"),
            name: "f.csv")
        #expect(t.times == [0, 1])
        #expect(t.observables[.energy] == .scalar([1, 2]))
        #expect(t.observables[.density] == .vector([[0.75, 0.25], [0.5, 0.5]]))
        #expect(t.observables[stderr: .energy] == .scalar([0.1, 0.2]))
        #expect(t.hasStandardErrors)
        let back = try CheckTable.parse(
            csv: CheckTable.csv(times: t.times, observables: t.observables), name: "g.csv")
        #expect(back == t)
        let json = try CheckTable.parse(
            json: Data(
                #"{"times":[0,1],"observables":{"density":[[1,0],[0.5,0.5]]},"samples":9}"#.utf8),
            name: "f.json")
        #expect(json.observables[.density] == .vector([[1, 0], [0.5, 0.5]]) && json.samples == 9)
    }

    /// Unknown columns, missing values, non-numbers, times out of order, a standard error
    /// without its value, a vector with a gap: each refused naming column and row.
    @Test func refusesNamingColumnAndRow() {
        #expect(Self.refusal("time,energi\n0,1\n").contains("'energi'"))
        #expect(Self.refusal("time,energy\n0,1\n1\n").contains("row 3"))
        #expect(Self.refusal("time,energy\n0,1\n1,abc\n").contains("row 3, column energy"))
        #expect(Self.refusal("time,energy\n0,1\n1,nan\n").contains("'nan'"))
        #expect(Self.refusal("time,energy\n1,1\n0,1\n").contains("column time"))
        #expect(Self.refusal("time,energy\n0,1\n,1\n").contains("row 3, column time"))
        #expect(Self.refusal("time,energy_stderr\n0,1\n").contains("energy_stderr"))
        #expect(Self.refusal("time,density[1],density[3]\n0,1,0\n").contains("density[2]"))
        #expect(Self.refusal("energy,time\n0,1\n").contains("first column must be time"))
    }
}

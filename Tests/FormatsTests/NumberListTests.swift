import Foundation
import Testing
import ChainModel
import LinearAlgebra
import Formats
import TestSupport

/// `--potential LIST|@FILE` and `--times`: finite decimal numbers or an error naming the
/// item (and for a file its line).
@Suite struct NumberListTests {
    func file(_ text: String) throws -> [Double] {
        try NumberList.parse(file: Data(text.utf8), option: "--potential", name: "@f")
    }

    @Test func fileFormats() throws {
        #expect(try file("1\n-2.5\n3e-2\n") == [1, -2.5, 0.03])
        #expect(try file("\u{FEFF}1\r\n2\r\n\r\n  3\t\n") == [1, 2, 3])
        #expect(try file("1,2\n3") == [1, 2, 3])
        #expect(try file("-0")[0].sign == .plus)
    }

    @Test(arguments: ["1\nnan\n", "inf", "1e999", "0x1p3", "1\n\n2,,3", "1 2", "abc"])
    func badItemsAreRefusedWithTheirLine(text: String) {
        do {
            _ = try file(text)
            Issue.record("accepted \(text)")
        } catch let e as InputError {
            #expect(e.value.contains("line"), "\(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test func listsAndFiles() throws {
        #expect(try NumberList.parse(" 1, 2 ,3", option: "--times") == [1, 2, 3])
        #expect(throws: InputError.self) { try NumberList.parse("", option: "--times") }
        #expect(throws: InputError.self) { try NumberList.parse("1,,2", option: "--times") }
        // A device without end, a directory, a file past the size bound: refused, not read whole.
        #expect(throws: InputError.self) {
            try NumberList.read(file: "/dev/zero", option: "--potential")
        }
        #expect(throws: InputError.self) { try NumberList.read(file: "/", option: "--potential") }
        #expect(throws: InputError.self) {
            try NumberList.parse(file: Data([0xFF, 0x31]), option: "--potential", name: "@f")
        }
    }
}

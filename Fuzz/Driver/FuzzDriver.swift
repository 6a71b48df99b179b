import Foundation

// The libFuzzer driver of the fuzz targets (built only by ci/fuzz.sh: coverage
// instrumentation, AddressSanitizer, libFuzzer's archive without its main). A target's main
// calls `runFuzzer` with its reader, which hands control to libFuzzer: it parses the
// libFuzzer options and calls the reader once per input.
@_silgen_name("LLVMFuzzerRunDriver")
private func fuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The reader being fuzzed (a C callback cannot capture it).
nonisolated(unsafe) private var fuzzedReader: (Data) -> Void = { _ in }

public func runFuzzer(_ reader: @escaping (Data) -> Void) -> Never {
    fuzzedReader = reader
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(
        fuzzerRunDriver(&argc, &argv) { bytes, count in
            fuzzedReader(bytes.map { Data(bytes: $0, count: count) } ?? Data())
            return 0
        })
}

import FuzzDriver
import ReaderHarness

runFuzzer(ReaderHarness.runFiles)

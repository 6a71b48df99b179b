import FuzzDriver
import ReaderHarness

runFuzzer(ReaderHarness.records)

import FuzzDriver
import ReaderHarness

runFuzzer(ReaderHarness.checkTable)

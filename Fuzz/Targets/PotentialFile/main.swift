import FuzzDriver
import ReaderHarness

runFuzzer(ReaderHarness.potentialFile)

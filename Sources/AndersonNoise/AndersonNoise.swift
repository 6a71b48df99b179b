// The umbrella module: one import for other Swift packages, re-exporting the public API of
// every module (the target graph is in Package.swift and the Layout article).
@_exported import LinearAlgebra
@_exported import ChainModel
@_exported import RunSpecification
@_exported import Statistics
@_exported import Execution
@_exported import Propagation
@_exported import ManyBodyLindblad
@_exported import NoiseClosure
@_exported import Trajectories
@_exported import MasterEquation
@_exported import Formats
@_exported import HDF5Files
@_exported import RunStorage
@_exported import Agreement
@_exported import Figures
@_exported import SolverRuns
@_exported import CrossChecks
@_exported import CodeCheck
@_exported import ReferenceCases
@_exported import Localization

// swift-tools-version: 6.0
import PackageDescription

// Release builds target the build machine's CPU (AVX-512/FMA where present: the trajectory
// kernel is 2-4 times faster) and use fused multiply-adds in the kernels (FUSED_MULTIPLY_ADD).
// Set ANDERSON_NOISE_PORTABLE=1 for a binary that runs on any x86-64 (e.g. built on a login
// node for heterogeneous cluster nodes): baseline instructions, separate multiply and add.
let portable = Context.environment["ANDERSON_NOISE_PORTABLE"] != nil
let speed: [SwiftSetting] =
    portable
    ? []
    : [
        .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release)),
        .define("FUSED_MULTIPLY_ADD", .when(configuration: .release)),
    ]

// The target graph is the architecture (Layout article), one concern per module: a base layer
// (LinearAlgebra behind the one LAPACK shim; ChainModel, the model and its observables;
// RunSpecification, one run typed; Statistics, running and two-level averages, least squares,
// Student t; Execution, the realization runner, cost estimates, timing and the solver
// protocol; Propagation), four solvers that never import each other, then Formats (JSON,
// result files, SVG: no solver), HDF5Files (result.h5 beside result.json, written and read
// back: the one module behind the HDF5 shim, CHDF5), RunStorage (run directories, records,
// merges, figure manifests), Agreement (comparison statistics: no solver), SolverRuns (a
// RunSpec run through its directory), Figures (figure specs, runs, panels and fits),
// CrossChecks (everything that relates two solvers), CodeCheck (a submitted result against
// the reference computed here) and ReferenceCases (the catalogue of exact cases),
// Localization, an umbrella that re-exports every library module, Benchmarks, and the
// command line (a library, so tests parse in process) with its executable.
func module(
    _ name: String, _ dependencies: [Target.Dependency], plugins: [Target.PluginUsage] = []
) -> Target {
    .target(name: name, dependencies: dependencies, swiftSettings: speed, plugins: plugins)
}

let solvers: [Target.Dependency] = [
    "ManyBodyLindblad", "NoiseClosure", "Trajectories", "MasterEquation",
]
let base: [Target.Dependency] = ["LinearAlgebra", "ChainModel", "RunSpecification"]
let libraries: [Target.Dependency] =
    base + [
        "Statistics", "Execution", "Propagation", "Formats", "HDF5Files", "RunStorage",
        "Agreement", "Figures",
        "SolverRuns", "CrossChecks", "CodeCheck", "ReferenceCases",
        "Localization",
    ]
let property = Target.Dependency.product(name: "PropertyBased", package: "swift-property-based")

// ci/fuzz.sh sets ANDERSON_NOISE_FUZZ=1 to add the libFuzzer targets (Fuzz/Targets), built
// with coverage instrumentation and AddressSanitizer in their own scratch path (.build-fuzz);
// normal builds never see them.
let fuzzing = Context.environment["ANDERSON_NOISE_FUZZ"] != nil
let fuzzTargets: [Target] =
    fuzzing
    ? [.target(name: "FuzzDriver", path: "Fuzz/Driver")]
        + ["PotentialFile", "RunFiles", "Records", "CheckTable"].map { name in
            .executableTarget(
                name: "Fuzz\(name)", dependencies: ["FuzzDriver", "ReaderHarness"],
                path: "Fuzz/Targets/\(name)")
        }
    : []

let package = Package(
    name: "AndersonNoise",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "AndersonNoise", targets: ["AndersonNoise"]),
        .executable(name: "anderson-noise", targets: ["anderson-noise"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            path: "Sources/CLapack",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CHDF5",
            path: "Sources/CHDF5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), path: "Sources/BuildInfoPlugin"),
        // Base layer.
        module(
            "LinearAlgebra", ["CLapack", .product(name: "Numerics", package: "swift-numerics")]),
        module("ChainModel", ["LinearAlgebra"]),
        module("RunSpecification", ["ChainModel"]),
        module("Statistics", []),
        module("Execution", base + ["Statistics"]),
        module("Propagation", ["LinearAlgebra"]),
        // The four solvers: each sees the base layer only.
        module("ManyBodyLindblad", base + ["Statistics", "Execution", "Propagation"]),
        module("NoiseClosure", base + ["Statistics", "Execution", "Propagation"]),
        module("Trajectories", base + ["Statistics", "Execution"]),
        module("MasterEquation", base + ["Statistics", "Execution"]),
        module("Localization", base + ["Statistics", "Execution", "Formats"]),
        // Files, storage, agreement and figures (no solver below SolverRuns and CrossChecks),
        // then what relates the solvers.
        module("Formats", base, plugins: ["BuildInfoPlugin"]),
        module("HDF5Files", base + ["CHDF5", "Formats"]),
        module("RunStorage", base + ["Statistics", "Execution", "Formats", "HDF5Files"]),
        module("Agreement", base + ["Statistics", "Formats", "HDF5Files"]),
        module(
            "SolverRuns", base + ["Statistics", "Execution", "Formats", "RunStorage"] + solvers),
        module(
            "Figures",
            base + [
                "Statistics", "Formats", "RunStorage", "Agreement", "Localization", "SolverRuns",
                "NoiseClosure", "MasterEquation",
            ]),
        module(
            "CrossChecks",
            base + ["Statistics", "Execution", "Propagation", "Formats", "Agreement", "SolverRuns"]
                + solvers),
        // Checking someone else's code: a submitted result against the reference computed
        // here (the statistics of agreement of `compare`), and the catalogue of exact cases.
        module(
            "CodeCheck",
            base + [
                "Statistics", "Execution", "Formats", "HDF5Files", "Agreement", "SolverRuns",
                "CrossChecks", "NoiseClosure",
            ]),
        module("ReferenceCases", base + ["Formats", "CodeCheck"]),
        module("AndersonNoise", libraries + solvers),
        module("Benchmarks", ["AndersonNoise"]),
        // The command line: parse, call, print (a library, so tests parse in process), and the
        // executable that calls it.
        .target(
            name: "AndersonNoiseCLI",
            dependencies: [
                "AndersonNoise", "Benchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: speed
        ),
        .executableTarget(name: "anderson-noise", dependencies: ["AndersonNoiseCLI"]),
        // The readers of user files driven with arbitrary bytes: by the fuzz targets, and by
        // the tests with every input the fuzzers found.
        .target(
            name: "ReaderHarness", dependencies: base + ["Formats", "RunStorage"],
            path: "Fuzz/Harness"),
        // Tests, one target per module they test, plus the helpers they share.
        .target(
            name: "TestSupport", dependencies: base + ["Formats", "Agreement", property],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "ChainModelTests", dependencies: base + ["Statistics", "TestSupport", property]),
        .testTarget(
            name: "StatisticsTests", dependencies: base + ["Statistics", "TestSupport", property]),
        .testTarget(
            name: "ExecutionTests",
            dependencies: base + ["Statistics", "Execution", "TestSupport", property]),
        .testTarget(
            name: "ManyBodyLindbladTests",
            dependencies: base + ["ManyBodyLindblad", "Propagation", "TestSupport", property]),
        .testTarget(
            name: "NoiseClosureTests",
            dependencies: base + ["NoiseClosure", "TestSupport", property]),
        .testTarget(
            name: "TrajectoriesTests",
            dependencies: base + [
                "Trajectories", "Statistics", "Execution", "TestSupport", property,
            ]),
        .testTarget(
            name: "MasterEquationTests",
            dependencies: base + ["MasterEquation", "TestSupport", property]),
        .testTarget(
            name: "LocalizationTests",
            dependencies: base + ["Localization", "Formats", "TestSupport", property]),
        .testTarget(
            name: "FormatsTests", dependencies: base + ["Formats", "TestSupport", property]),
        .testTarget(
            name: "HDF5FilesTests",
            dependencies: base + ["CHDF5", "Formats", "HDF5Files", "TestSupport"]),
        .testTarget(
            name: "RunStorageTests",
            dependencies: base + [
                "Statistics", "Execution", "Formats", "RunStorage", "ReaderHarness", "TestSupport",
                property,
            ]),
        .testTarget(
            name: "AgreementTests",
            dependencies: base + ["Statistics", "Formats", "Agreement", "TestSupport", property]),
        .testTarget(
            name: "FiguresTests",
            dependencies: base + [
                "Statistics", "Agreement", "Formats", "Figures", "TestSupport", property,
            ]),
        .testTarget(
            name: "CrossChecksTests",
            dependencies: ["AndersonNoise", "TestSupport", property]),
        .testTarget(
            name: "CodeCheckTests",
            dependencies: ["AndersonNoise", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "AndersonNoise", "AndersonNoiseCLI", "TestSupport", "anderson-noise", property,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ] + fuzzTargets,
    swiftLanguageModes: [.v6]
)

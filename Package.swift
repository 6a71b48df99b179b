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

// ci/fuzz.sh sets ANDERSON_NOISE_FUZZ=1 to add the libFuzzer targets (Fuzz/Targets), built
// with coverage instrumentation and AddressSanitizer in their own scratch path (.build-fuzz);
// normal builds never see them.
let fuzzing = Context.environment["ANDERSON_NOISE_FUZZ"] != nil
let fuzzTargets: [Target] =
    fuzzing
    ? [.target(name: "FuzzDriver", path: "Fuzz/Driver")]
        + ["PotentialFile", "RunFiles", "Records"].map { name in
            .executableTarget(name: "Fuzz\(name)", dependencies: ["FuzzDriver", "ReaderHarness"], path: "Fuzz/Targets/\(name)")
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
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), path: "Sources/BuildInfoPlugin"),
        .target(
            name: "AndersonNoise",
            dependencies: [
                "CLapack",
                .product(name: "Numerics", package: "swift-numerics"),
            ],
            swiftSettings: speed,
            plugins: ["BuildInfoPlugin"]
        ),
        .executableTarget(
            name: "anderson-noise",
            dependencies: [
                "AndersonNoise",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The readers of user files driven with arbitrary bytes: by the fuzz targets, and by
        // the tests with every input the fuzzers found.
        .target(name: "ReaderHarness", dependencies: ["AndersonNoise"], path: "Fuzz/Harness"),
        .testTarget(
            name: "AndersonNoiseTests",
            dependencies: [
                "AndersonNoise",
                "ReaderHarness",
                "anderson-noise",  // built for the CLI tests, which run the executable
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ] + fuzzTargets,
    swiftLanguageModes: [.v6]
)

// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            path: "Sources/CLapack",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(
            name: "AndersonNoise",
            dependencies: [
                "CLapack",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        .executableTarget(
            name: "anderson-noise",
            dependencies: [
                "AndersonNoise",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AndersonNoiseTests",
            dependencies: [
                "AndersonNoise",
                "anderson-noise",  // built for the CLI tests, which run the executable
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

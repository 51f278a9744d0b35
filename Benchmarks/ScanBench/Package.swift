// swift-tools-version: 6.1
// Library-level benchmarks, in their own package so building Tacet never builds them.
import PackageDescription

let package = Package(
    name: "ScanBench",
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "tacet-bench",
            dependencies: [.product(name: "TacetCore", package: "main")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        )
    ]
)

// swift-tools-version: 6.1
// Library-level benchmarks, in their own package so building Tacet never builds them.
import PackageDescription

let package = Package(
    name: "ScanBench",
    dependencies: [.package(name: "tacet", path: "../..")],
    targets: [
        .executableTarget(
            name: "tacet-bench",
            dependencies: [.product(name: "TacetCore", package: "tacet")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        )
    ]
)

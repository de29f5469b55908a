// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

/// Every target builds in Swift 6 mode with `any` spelled out for existentials.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
let log: Target.Dependency = .product(name: "Logging", package: "swift-log")

let package = Package(
    name: "phota-mock",
    products: [
        .executable(name: "phota-mock", targets: ["PhotaMockCLI"])
    ],
    dependencies: [
        // The logging API every library module receives; the CLI installs the one handler.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        // C libraries, each wrapped by exactly one Swift module.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CNGHTTP2", pkgConfig: "libnghttp2", providers: [.apt(["libnghttp2-dev"])]),
        .target(name: "CPhotaShims"),
        // libcurl's headers only (Debian's libcurl4-openssl-dev): its functions are resolved with dlopen/dlsym
        // on first use, never linked, so a server that sends nothing never loads libcurl nor the libraries it needs.
        .target(name: "CCurl"),

        // Threads, locks and conditions on pthreads: Foundation's would load Foundation (and ICU) at start.
        .target(name: "PhotaThreads", dependencies: ["CPhotaShims"], swiftSettings: strict),
        .target(name: "PhotaNet", dependencies: ["CPhotaShims"], swiftSettings: strict),
        .target(name: "PhotaHTTP", dependencies: ["PhotaNet", "PhotaThreads", log], swiftSettings: strict),
        .target(name: "PhotaHTTP2", dependencies: ["PhotaHTTP", "PhotaNet", "CNGHTTP2"], swiftSettings: strict),
        .target(name: "PhotaStorage", dependencies: ["CSQLite", "PhotaThreads"], swiftSettings: strict),
        .target(name: "PhotaScheduler", swiftSettings: strict),
        // Outbound HTTP (image downloads now, webhook calls later): libcurl's multi interface on one thread.
        .target(name: "PhotaOutbound", dependencies: ["CCurl"], swiftSettings: strict),
        .target(
            name: "PhotaAPI", dependencies: ["PhotaHTTP", "PhotaStorage", "PhotaScheduler", "PhotaOutbound", log],
            swiftSettings: strict
        ),
        .target(
            name: "PhotaApp", dependencies: ["PhotaAPI", "PhotaHTTP", "PhotaHTTP2", "PhotaNet", "PhotaStorage", "PhotaScheduler", log],
            swiftSettings: strict
        ),
        // The option table and its readers (flags, environment, config file), `--help` and `phota-mock config`.
        .target(
            name: "PhotaConfig", dependencies: ["PhotaApp", "PhotaAPI", "PhotaHTTP", "PhotaScheduler", log], swiftSettings: strict
        ),
        // Release builds link a position-dependent executable: the PIE's 40,000 relative relocations cost every
        // start 0.4 ms and 0.8 MB of resident pages (a mock is started per suite or per test). Shared libraries
        // are still placed at random; drop the flag to have the executable randomised too.
        .executableTarget(
            name: "PhotaMockCLI", dependencies: ["PhotaConfig", "PhotaApp", "PhotaThreads", log], swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-Xlinker", "-no-pie"], .when(configuration: .release))]
        ),
        // bench/scheduler.sh's harness: 100k profiles through the real scheduler, timer and clock.
        .executableTarget(name: "PhotaSchedulerBench", dependencies: ["PhotaScheduler"], swiftSettings: strict),
        .target(name: "PhotaTestSupport", dependencies: ["PhotaApp", "PhotaHTTP", "PhotaNet", log], swiftSettings: strict),

        .testTarget(name: "PhotaHTTPTests", dependencies: ["PhotaHTTP", "PhotaTestSupport"], swiftSettings: strict),
        .testTarget(name: "PhotaStorageTests", dependencies: ["PhotaStorage"], swiftSettings: strict),
        .testTarget(name: "PhotaSchedulerTests", dependencies: ["PhotaScheduler"], swiftSettings: strict),
        .testTarget(
            name: "PhotaOutboundTests", dependencies: ["PhotaOutbound", "PhotaHTTP", "PhotaTestSupport"], swiftSettings: strict
        ),
        .testTarget(name: "PhotaConfigTests", dependencies: ["PhotaConfig"], swiftSettings: strict),
        .testTarget(name: "PhotaAPITests", dependencies: ["PhotaAPI"], swiftSettings: strict),
        .testTarget(
            name: "PhotaHTTP2Tests", dependencies: ["PhotaHTTP2", "PhotaHTTP", "PhotaTestSupport"], exclude: ["h2_rules.py"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["PhotaTestSupport", "PhotaApp", "PhotaHTTP", "PhotaConfig"],
            resources: [.copy("Corpus")],
            swiftSettings: strict
        ),
    ]
)

// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

/// Every target builds in Swift 6 mode with `any` spelled out for existentials.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
let log: Target.Dependency = .product(name: "Logging", package: "swift-log")

let package = Package(
    name: "phota-mock",
    products: [
        .executable(name: "phota-mock", targets: ["PhotaMockCLI"]),
        // phota-mock in process for a client's XCTest or Swift Testing suite: the server on a free loopback port
        // and a typed client of its control plane.
        .library(name: "PhotaMockTesting", targets: ["PhotaMockTesting"]),
    ],
    dependencies: [
        // The logging API every library module receives; the CLI installs the one handler.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0")
    ],
    targets: [
        // C libraries, each wrapped by exactly one Swift module.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CNGHTTP2", pkgConfig: "libnghttp2", providers: [.apt(["libnghttp2-dev"])]),
        .target(name: "CPhotaShims"),
        // libcurl's headers only (Debian's libcurl4-openssl-dev): its functions are resolved with dlopen/dlsym
        // on first use, never linked, so a server that sends nothing never loads libcurl nor the libraries it needs.
        .target(name: "CCurl"),
        // libcrypto's headers only (Debian's libssl-dev), for HMAC-SHA256: Debian's libcrypto is opened on first
        // use, never linked, so a server that signs nothing never maps it; swift-crypto would compile BoringSSL in.
        .target(name: "CCrypto"),

        // Threads, locks and conditions on pthreads: Foundation's would load Foundation (and ICU) at start.
        .target(name: "PhotaThreads", dependencies: ["CPhotaShims"], swiftSettings: strict),
        .target(name: "PhotaNet", dependencies: ["CPhotaShims"], swiftSettings: strict),
        .target(name: "PhotaHTTP", dependencies: ["PhotaNet", "PhotaThreads", log], swiftSettings: strict),
        .target(name: "PhotaHTTP2", dependencies: ["PhotaHTTP", "PhotaNet", "CNGHTTP2"], swiftSettings: strict),
        .target(name: "PhotaStorage", dependencies: ["CSQLite", "PhotaThreads"], swiftSettings: strict),
        .target(name: "PhotaScheduler", swiftSettings: strict),
        // Outbound HTTP (image downloads, webhook callbacks): libcurl's multi interface on one thread.
        .target(name: "PhotaOutbound", dependencies: ["CCurl"], swiftSettings: strict),
        // HMAC-SHA256 for signed download URLs and webhook callbacks, constant-time comparison, random bytes.
        .target(name: "PhotaCrypto", dependencies: ["CCrypto"], swiftSettings: strict),
        // What every Phota endpoint shares: the one error body, FastAPI-exact JSON and validation, keys, routing.
        // Release builds optimize across its boundary: `Schema` is generic over the model, and a model's validation
        // is only specialized where the model lives (PhotaProfiles, PhotaStudio); without it a valid add takes 1.7×.
        .target(
            name: "PhotaAPIKit", dependencies: ["PhotaHTTP"],
            swiftSettings: strict + [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
        ),
        // Image bytes and their signatures, pure: the generated JPEGs and the formats an upload may have.
        // zlib (deflate and CRC-32) for the PNGs the studio renders: a small C library, wrapped once.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "PhotaImaging", dependencies: ["CZlib"], swiftSettings: strict),
        // The profile endpoints: their requests, the service over storage and scheduler, the image fetcher.
        .target(
            name: "PhotaProfiles",
            dependencies: [
                "PhotaAPIKit", "PhotaImaging", "PhotaHTTP", "PhotaStorage", "PhotaScheduler", "PhotaOutbound", log,
            ],
            swiftSettings: strict
        ),
        // The studio endpoints (generate, edit, remix, enhance): their bodies on the Schema layer, the checks,
        // billing, simulated processing time on the scheduler's clock, rendering and signed download links.
        .target(
            name: "PhotaStudio",
            dependencies: [
                "PhotaAPIKit", "PhotaImaging", "PhotaHTTP", "PhotaStorage", "PhotaScheduler", "PhotaCrypto", log,
            ],
            swiftSettings: strict
        ),
        // Async studio jobs: submit, run on the account's clock in per-account slots, poll, signed callbacks with
        // retries, webhook secrets, the callback inbox; the studio does the checking and rendering.
        .target(
            name: "PhotaJobs",
            dependencies: [
                "PhotaStudio", "PhotaAPIKit", "PhotaHTTP", "PhotaStorage", "PhotaScheduler", "PhotaOutbound",
                "PhotaCrypto", log,
            ],
            swiftSettings: strict
        ),
        // The admin API a test drives: journal, faults, metrics, seeding and state; it reaches into profiles.
        .target(
            name: "PhotaControl",
            dependencies: ["PhotaAPIKit", "PhotaProfiles", "PhotaHTTP", "PhotaStorage", "PhotaScheduler", log],
            swiftSettings: strict
        ),
        // The dashboard at /_mock/ui: a page, its script and its style sheet, embedded as strings.
        .target(name: "PhotaDashboard", dependencies: ["PhotaHTTP"], swiftSettings: strict),
        // The OpenAPI documents, generated by scripts/embed-openapi.sh: a large file no other module recompiles.
        .target(name: "PhotaOpenAPI", swiftSettings: strict),
        .target(
            name: "PhotaApp",
            dependencies: [
                "PhotaAPIKit", "PhotaProfiles", "PhotaStudio", "PhotaJobs", "PhotaControl", "PhotaDashboard",
                "PhotaOpenAPI", "PhotaHTTP", "PhotaHTTP2", "PhotaNet", "PhotaStorage", "PhotaScheduler", log,
            ],
            swiftSettings: strict
        ),
        // The option table and its readers (flags, environment, config file), `--help` and `phota-mock config`.
        .target(
            name: "PhotaConfig",
            dependencies: ["PhotaApp", "PhotaAPIKit", "PhotaProfiles", "PhotaHTTP", "PhotaScheduler", log],
            swiftSettings: strict
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
        .target(
            name: "PhotaMockTesting", dependencies: ["PhotaApp", "PhotaAPIKit", "PhotaScheduler", log],
            swiftSettings: strict
        ),
        .target(
            name: "PhotaTestSupport", dependencies: ["PhotaApp", "PhotaAPIKit", "PhotaHTTP", "PhotaNet", log],
            swiftSettings: strict
        ),

        .testTarget(name: "PhotaHTTPTests", dependencies: ["PhotaHTTP", "PhotaTestSupport"], swiftSettings: strict),
        .testTarget(name: "PhotaStorageTests", dependencies: ["PhotaStorage"], swiftSettings: strict),
        .testTarget(name: "PhotaSchedulerTests", dependencies: ["PhotaScheduler"], swiftSettings: strict),
        .testTarget(
            name: "PhotaOutboundTests", dependencies: ["PhotaOutbound", "PhotaHTTP", "PhotaTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "PhotaCryptoTests", dependencies: ["PhotaCrypto"], swiftSettings: strict),
        .testTarget(name: "PhotaJobsTests", dependencies: ["PhotaJobs", "PhotaCrypto"], swiftSettings: strict),
        .testTarget(name: "PhotaConfigTests", dependencies: ["PhotaConfig"], swiftSettings: strict),
        .testTarget(
            name: "PhotaAPITests",
            dependencies: ["PhotaAPIKit", "PhotaProfiles", "PhotaStudio", "PhotaImaging", "PhotaHTTP"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PhotaHTTP2Tests", dependencies: ["PhotaHTTP2", "PhotaHTTP", "PhotaAPIKit", "PhotaTestSupport"],
            exclude: ["h2_rules.py"], swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "PhotaTestSupport", "PhotaApp", "PhotaHTTP", "PhotaConfig", "PhotaAPIKit", "PhotaProfiles",
                "PhotaControl", "PhotaImaging", "PhotaMockTesting",
            ],
            resources: [.copy("Corpus")],
            swiftSettings: strict
        ),
    ]
)

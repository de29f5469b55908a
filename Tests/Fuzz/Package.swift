// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

// The libFuzzer target for the HTTP/1.1 request parser. It is not a target of the main package:
// `run.sh` builds it with `swiftc -sanitize=fuzzer,address`, compiling the parser's source files
// into the binary. This manifest exists so editors can index the entry point.
let package = Package(
    name: "phota-fuzz",
    targets: [
        .executableTarget(name: "FuzzRequestParser", path: "Sources/FuzzRequestParser")
    ]
)

// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

// The libFuzzer targets for the HTTP/1.1 request parser and for the request models' JSON validation. They are
// not targets of the main package: `run.sh` and `run-models.sh` build them with `swiftc -sanitize=fuzzer,address`,
// compiling the main package's source files into the binaries. This manifest exists so editors can index the
// entry points (FuzzRequestModels imports PhotaAPIKit, which it only finds as `run-models.sh` builds it).
let package = Package(
    name: "phota-fuzz",
    targets: [
        .executableTarget(name: "FuzzRequestParser", path: "Sources/FuzzRequestParser"),
        .executableTarget(name: "FuzzRequestModels", path: "Sources/FuzzRequestModels"),
    ]
)

// SPDX-License-Identifier: Apache-2.0
import ArgumentParser

/// The `phota-mock` command.
@main
struct PhotaMock: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "phota-mock",
        abstract: "A local emulator of the Phota API for integration tests and development.",
        version: PhotaMock.version,
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}

// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaConfig

/// Config files and invocations for the tests: a file written to a fresh temporary path, and
/// arguments resolved against a fixed environment instead of the process's.
enum ConfigFixture {
    /// Writes `json` to a new file and returns its path.
    static func file(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "phota-config-\(UUID().uuidString).json"
        ).path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The settings `phota-mock serve ARGUMENTS` resolves with exactly `environment` set.
    static func settings(_ arguments: [String], _ environment: [String: String] = [:]) throws(ConfigError) -> Settings {
        guard case .serve(let settings) = try Invocation(arguments, environment: Environment(environment)) else {
            preconditionFailure("not a serve invocation: \(arguments)")
        }
        return settings
    }

    /// The message `phota-mock serve ARGUMENTS` fails with, or nil when it resolves.
    static func error(_ arguments: [String], _ environment: [String: String] = [:]) -> String? {
        do {
            _ = try self.settings(arguments, environment).appConfig()
            return nil
        } catch {
            return error.message
        }
    }
}

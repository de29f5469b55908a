// SPDX-License-Identifier: Apache-2.0

/// Why the scheduler refused a request or a configuration.
public struct SchedulerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A human explanation, naming the offending value.
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    static func duplicateID(_ id: String) -> SchedulerError {
        SchedulerError("a profile with id \(id) is already scheduled")
    }

    static func notFinal(_ status: ProfileStatus) -> SchedulerError {
        SchedulerError("force accepts READY, ERROR or INACTIVE, not \(status.rawValue)")
    }

    static func invalidConfig(_ key: String, _ reason: String) -> SchedulerError {
        SchedulerError("scheduler config '\(key)': \(reason)")
    }
}

// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials

/// A `/_mock` call answered with a status other than 2xx.
///
/// ```swift
/// do { _ = try server.admin.profile("nope") } catch let error as PhotaMockError { error.code == "PROFILE_NOT_FOUND" }
/// ```
public struct PhotaMockError: Error, Sendable, Equatable, CustomStringConvertible {
    public var method: String
    public var path: String
    /// The HTTP status answered.
    public var status: Int
    /// The body answered, as text (the Phota error body: `{"detail", "code", "request_id"}`).
    public var body: String

    public init(method: String, path: String, status: Int, body: String) {
        self.method = method
        self.path = path
        self.status = status
        self.body = body
    }

    /// The error body's `code` (`BAD_REQUEST`, `PROFILE_NOT_FOUND`, `NOT_FOUND`, `ADMIN_UNAUTHORIZED`, …).
    public var code: String? { self.field("code") }
    /// The error body's `detail`.
    public var detail: String? { self.field("detail") }

    public var description: String { "\(self.method) \(self.path) answered \(self.status): \(self.body)" }

    private func field(_ name: String) -> String? {
        (try? JSONDecoder().decode([String: MockJSON].self, from: Data(self.body.utf8)))?[name]?.stringValue
    }
}

/// A wait that ran out before what it waited for happened.
public struct PhotaMockTimeoutError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

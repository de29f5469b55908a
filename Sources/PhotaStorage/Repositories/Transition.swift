// SPDX-License-Identifier: Apache-2.0

/// One status change of a profile: applied to `profiles` and appended to its history.
public struct Transition: Sendable, Equatable {
    /// The profile's id.
    public var profileID: String
    /// The new status.
    public var status: String
    /// When it happened (simulated epoch milliseconds).
    public var at: Int64
    /// The status message (for `ERROR`), or `nil`.
    public var message: String?

    /// Makes a transition.
    public init(profileID: String, status: String, at: Int64, message: String? = nil) {
        self.profileID = profileID
        self.status = status
        self.at = at
        self.message = message
    }
}

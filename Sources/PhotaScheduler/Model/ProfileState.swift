// SPDX-License-Identifier: Apache-2.0

/// What a status read returns: the status, its message and when it began.
public struct ProfileState: Sendable, Equatable, Hashable {
    /// The current status.
    public var status: ProfileStatus
    /// The message (set for `ERROR`), or nil.
    public var message: String?
    /// When the status began, in the account's simulated epoch milliseconds.
    public var since: Int64

    /// - Parameters:
    ///   - status: the current status.
    ///   - message: the message, or nil.
    ///   - since: when the status began (simulated epoch ms).
    public init(status: ProfileStatus, message: String?, since: Int64) {
        self.status = status
        self.message = message
        self.since = since
    }
}

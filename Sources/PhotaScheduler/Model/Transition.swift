// SPDX-License-Identifier: Apache-2.0

/// One status change, handed to the persistence sink so the app can store it.
public struct Transition: Sendable, Equatable, Hashable {
    /// The profile that changed.
    public var profileID: String
    /// Its account.
    public var apiKey: String
    /// The new status.
    public var status: ProfileStatus
    /// When the status began, in the account's simulated epoch milliseconds.
    public var at: Int64
    /// The status message (set for `ERROR`, and for forced statuses when given).
    public var message: String?

    /// - Parameters:
    ///   - profileID: the profile that changed.
    ///   - apiKey: its account.
    ///   - status: the new status.
    ///   - at: when it began (simulated epoch ms).
    ///   - message: the status message, if any.
    public init(profileID: String, apiKey: String, status: ProfileStatus, at: Int64, message: String? = nil) {
        self.profileID = profileID
        self.apiKey = apiKey
        self.status = status
        self.at = at
        self.message = message
    }
}

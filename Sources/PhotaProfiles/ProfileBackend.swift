// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// A profile's status as `GET /profiles/{id}/status` reports it.
public struct ProfileStatusView: Sendable, Equatable {
    public let profileID: String
    public let status: String
    public let message: String?

    public init(profileID: String, status: String, message: String?) {
        self.profileID = profileID
        self.status = status
        self.message = message
    }
}

/// What the profile endpoints need from the domain: state, scheduling and storage behind one
/// interface, so handlers stay plain request → response code.
public protocol ProfileBackend: Sendable {
    /// Creates a profile durably, then starts its training; `completion` gets its id (from any thread).
    func add(
        apiKey: String, request: AddProfileRequest, completion: @escaping @Sendable (Result<String, APIError>) -> Void)
    /// The profile's current status, with every transition due now applied.
    func status(apiKey: String, id: String) throws(APIError) -> ProfileStatusView
    /// Ids of the account's profiles, in creation order, optionally with one tag.
    func ids(apiKey: String, tag: String?) throws(APIError) -> [String]
    /// The picture of a `READY` profile.
    func picture(apiKey: String, id: String) throws(APIError) -> [UInt8]
    /// Deletes a profile permanently; `completion` runs once the deletion is durable.
    func delete(apiKey: String, id: String, completion: @escaping @Sendable (Result<Void, APIError>) -> Void)
}

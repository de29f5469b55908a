// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// Where the studio learns whether a profile may be used: the profile room answers, the studio never reads
/// profile storage itself.
public protocol IdentityDirectory: Sendable {
    /// Returns when `apiKey` owns a `READY` profile `id`; throws `.profileNotFound` for an unknown, deleted or
    /// foreign one, `.profileNotReady` before `READY`.
    func requireReady(apiKey: String, id: String) throws(APIError)
}

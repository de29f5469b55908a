// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// Which `X-API-Key` values are accepted.
public enum APIKeyPolicy: Sendable, Equatable {
    /// Any well-formed key (`APIKey.isWellFormed`); each key is its own isolated account (the default, for
    /// parallel test suites).
    case anyKey
    /// Only these keys; any other → 401. Every key in the set must be well-formed, so set membership is byte
    /// equality.
    case only(Set<String>)

    /// The account a request acts for.
    /// - Throws: `APIError.unauthorized` when the header is missing, malformed or not allowed.
    public func authenticate(_ request: HTTPRequest) throws(APIError) -> String {
        guard let key = APIKey.presented(by: request) else { throw .unauthorized }
        switch self {
        case .anyKey: return key
        case .only(let keys):
            guard keys.contains(key) else { throw .unauthorized }
            return key
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// Which `X-API-Key` values are accepted.
public enum APIKeyPolicy: Sendable, Equatable {
    /// Any non-empty key; each key is its own isolated account (the default, for parallel test suites).
    case anyKey
    /// Only these keys; any other → 401.
    case only(Set<String>)

    /// The account a request acts for.
    /// - Throws: `APIError.unauthorized` when the header is missing, empty or not allowed.
    public func authenticate(_ request: HTTPRequest) throws(APIError) -> String {
        guard let key = request.headers["x-api-key"], !key.isEmpty else { throw .unauthorized }
        switch self {
        case .anyKey: return key
        case .only(let keys):
            guard keys.contains(key) else { throw .unauthorized }
            return key
        }
    }
}

// SPDX-License-Identifier: Apache-2.0

/// Whatever a test sends its requests through: a live server on a socket (`TestServer`) or the
/// application's responder called in process (`InProcessApp`). A test body written against it runs
/// in either mode.
public protocol TestClient {
    /// Sends one request and returns the response as it would be read off the wire.
    /// - Parameters:
    ///   - target: the request target as sent on the request line, query included (`/ids?tag=a%20b`).
    ///   - headers: fields sent after `Host` (and before the `Content-Length` added for a body).
    ///   - body: sent with a `Content-Length`; nil sends none.
    /// - Returns: nil when no whole response came (the server closed, reset or truncated on purpose).
    /// - Throws: when the request cannot be sent.
    func request(_ method: String, _ target: String, headers: [(String, String)], body: String?) throws -> RawResponse?
}

extension TestClient {
    /// `request` without a body, or without headers.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil
    ) throws -> RawResponse? {
        try self.request(method, target, headers: headers, body: body)
    }
}

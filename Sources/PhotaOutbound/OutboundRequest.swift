// SPDX-License-Identifier: Apache-2.0

/// One HTTP request an ``OutboundClient`` sends, and what it keeps of the answer.
///
/// ```swift
/// var request = OutboundRequest(url: "https://example.com/a.jpg")
/// request.keptBodyBytes = 32           // the rest of the body is counted and dropped
/// request.bodyStatuses = 200..<300     // any other status ends the transfer at its head
/// ```
public struct OutboundRequest: Sendable {
    /// The method, sent as is (`GET`, `POST`, `PUT`…).
    public var method: String
    /// An absolute `http` or `https` URL.
    public var url: String
    /// Header fields sent after libcurl's own (`Host`, `Accept`, `Content-Length`); a name given here
    /// replaces libcurl's field of that name.
    public var headers: [(name: String, value: String)]
    /// The request body; empty sends none.
    public var body: [UInt8]
    /// How many leading bytes of the response body ``OutboundResponse/body`` keeps; the rest are counted
    /// against ``OutboundLimits/maxBytes`` and dropped, so memory stays bounded whatever the cap.
    public var keptBodyBytes: Int
    /// Statuses whose body is read. For any other, the transfer ends once the body begins: the status is
    /// reported, and the body's size counts neither against the cap nor towards the response.
    public var bodyStatuses: Range<Int>

    /// - Parameters:
    ///   - method: the method (default `GET`).
    ///   - url: an absolute `http` or `https` URL.
    ///   - headers: extra header fields.
    ///   - body: the request body.
    ///   - keptBodyBytes: leading response-body bytes kept (default 64 KiB).
    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        keptBodyBytes: Int = 64 << 10
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.keptBodyBytes = keptBodyBytes
        self.bodyStatuses = 100..<1000
    }
}

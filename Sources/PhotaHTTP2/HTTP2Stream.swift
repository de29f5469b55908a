// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// One request/response exchange on an HTTP/2 connection, from its HEADERS to its close.
final class HTTP2Stream {
    let id: Int32
    var method = ""
    var path = ""
    var authority: String?
    var headers = HTTPHeaders()
    /// Header list size so far, counted as HPACK does (name + value + 32 per field, RFC 9113 §6.5.2).
    var headerListSize = 0
    var body: [UInt8] = []
    /// A limit or syntax failure found while receiving; answered instead of dispatching.
    var rejection: (status: HTTPStatus, detail: String)?
    /// The client sent END_STREAM.
    var requestComplete = false
    /// When the body must have arrived (monotonic nanoseconds), from the end of the headers until END_STREAM.
    var bodyDeadline: UInt64?
    /// A response was submitted (from the responder or a rejection).
    var responded = false
    /// The response body and how much of it the data provider has handed out.
    var responseBody: [UInt8] = []
    var responseOffset = 0

    init(id: Int32) {
        self.id = id
    }
}

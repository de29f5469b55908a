// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

/// Calls and assertions shared by the `/_mock` control-plane tests.
enum Admin {
    /// A fixed simulated instant the tests move the frozen clock to, so timestamps are exact.
    static let epoch: Int64 = 1_900_000_000_000
    /// `epoch` as the admin API renders it.
    static let epochISO = "2030-03-17T17:46:40.000Z"

    /// One admin call on a new connection; the response must arrive.
    @discardableResult
    static func call(
        _ server: some TestClient, _ method: String, _ target: String, body: String? = nil,
        headers: [(String, String)] = []
    ) throws -> RawResponse {
        try #require(
            try server.request(method, target, headers: headers + (body == nil ? [] : [Profiles.json]), body: body))
    }

    /// An admin call that must answer 200 with JSON; returns the body text.
    @discardableResult
    static func ok(
        _ server: some TestClient, _ method: String, _ target: String, body: String? = nil,
        headers: [(String, String)] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let response = try self.call(server, method, target, body: body, headers: headers)
        #expect(response.status == 200, "\(method) \(target): \(response.bodyText)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        return response.bodyText
    }

    /// Parses a JSON object body.
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A JSON number as an integer, whatever type the parser chose.
    static func int(_ value: Any?) -> Int64? {
        switch value {
        case let value as Int: Int64(value)
        case let value as Int64: value
        case let value as Double: value.rounded() == value ? Int64(value) : nil
        case let value as NSNumber: value.int64Value
        default: nil
        }
    }

    /// Freezes the global clock at `epoch` (forward from the wall time the app started at).
    static func freezeAtEpoch(_ server: some TestClient) throws {
        try self.ok(server, "POST", "/_mock/clock/freeze")
        #expect(
            try self.ok(server, "POST", "/_mock/clock/set", body: #"{"now":\#(self.epoch)}"#).contains(
                #""now":\#(self.epoch)"#))
    }

    /// Creates profiles through `POST /_mock/profiles`; returns their ids.
    static func create(_ server: some TestClient, _ body: String) throws -> [String] {
        let text = try self.ok(server, "POST", "/_mock/profiles", body: body)
        return try #require(try self.object(text)["profile_ids"] as? [String])
    }

    /// Moves the global clock (or one account's) forward by `ms`.
    static func advance(_ server: some TestClient, ms: Int64, key: String? = nil) throws {
        let body = key.map { #"{"milliseconds":\#(ms),"api_key":"\#($0)"}"# } ?? #"{"milliseconds":\#(ms)}"#
        try self.ok(server, "POST", "/_mock/clock/advance", body: body)
    }

    /// Reads a profile's status through the Phota API.
    static func status(_ server: some TestClient, _ id: String, key: String) throws -> RawResponse {
        try Profiles.get(server, "/v1/phota/profiles/\(id)/status", key: key)
    }

    /// The admin record of one profile.
    static func detail(_ server: some TestClient, _ id: String) throws -> [String: Any] {
        try self.object(try self.ok(server, "GET", "/_mock/profiles/\(id)"))
    }

    /// A `400 BAD_REQUEST` admin error with exactly `detail`.
    static func expectBad(_ response: RawResponse, _ detail: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        let id = response.header("X-Request-Id") ?? "missing"
        #expect(response.status == 400, sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(
            response.bodyText == #"{"detail":"\#(detail)","code":"BAD_REQUEST","request_id":"\#(id)"}"#,
            sourceLocation: sourceLocation
        )
    }
}

/// How a connection ended, as the client saw it.
struct ConnectionEnd {
    /// Every byte received before the end.
    var bytes: [UInt8]
    /// True for a TCP reset, false for an orderly close (EOF).
    var reset: Bool
    /// True when the read timed out instead (the server neither answered nor closed).
    var timedOut: Bool
}

extension RawClient {
    /// Reads until the server closes or resets the connection (bounded by the client's read timeout).
    func readUntilClosed() -> ConnectionEnd {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return ConnectionEnd(bytes: bytes, reset: false, timedOut: false)
            } else if errno == EINTR {
                continue
            } else {
                return ConnectionEnd(
                    bytes: bytes, reset: errno == ECONNRESET, timedOut: errno == EAGAIN || errno == EWOULDBLOCK)
            }
        }
    }
}

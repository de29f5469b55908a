// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaProfiles
import PhotaTestSupport
import Testing

/// `--fetch-images` for the studio: URL inputs are downloaded and checked before anything is charged.
@Suite struct FetchImagesStudioTests {
    private func edit(_ server: TestServer, _ images: [String]) throws -> RawResponse {
        let list = images.map { "\"\($0)\"" }.joined(separator: ",")
        return try #require(
            try server.request(
                "POST", "/v1/phota/edit", headers: [("X-API-Key", "k"), Profiles.json],
                body: #"{"prompt":"p","images":[\#(list)]}"#))
    }

    @Test func goodURLsAreUsedAndTheFirstBadOneIsA400NamingItsEntry() throws {
        let host = try ImageHost()
        let server = try TestServer {
            $0.scheduler.preset = .instant
            $0.fetchImages = true
            $0.defaultBalanceMicros = 1_000_000
            $0.imageFetch = ImageFetchLimits(maxConcurrent: 4, timeoutSeconds: 30, maxBytes: 1 << 20)
        }
        defer {
            host.stop()
            server.stop()
        }
        let good = try self.edit(server, [host.url("/photo.jpg"), host.url("/header.png")])
        #expect(good.status == 200, "\(good.bodyText)")
        #expect(good.header("X-Phota-Deprecation-Date") == "2026-05-08")

        let cases: [(String, String)] = [
            ("/missing.jpg", "images[1] cannot be used: Could not download \(host.url("/missing.jpg")): HTTP 404"),
            (
                "/notes.jpg",
                "images[1] cannot be used: \(host.url("/notes.jpg")) is not a JPEG, PNG, WebP or HEIC/HEIF image"
            ),
        ]
        for (path, detail) in cases {
            let refused = try self.edit(server, [host.url("/photo.jpg"), host.url(path)])
            #expect(refused.status == 400)
            let requestID = try #require(refused.header("X-Request-Id"))
            #expect(
                refused.bodyText
                    == #"{"detail":\#(Self.quoted(detail)),"code":"BAD_REQUEST","request_id":"\#(requestID)"}"#)
        }
        // Only the accepted edit was charged ($0.08 of $1.00).
        let credit = try Admin.ok(server, "GET", "/_mock/credits/k")
        #expect(credit == #"{"api_key":"k","balance":0.92}"#)
    }

    private static func quoted(_ text: String) -> String {
        String(
            decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]),
            as: UTF8.self
        )
        .dropFirst().dropLast().description
    }
}

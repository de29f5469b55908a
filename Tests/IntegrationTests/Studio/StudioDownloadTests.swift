// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// The `urls` mode end to end: signed links on the client's own host, served without an API key, refused
/// when tampered with or expired.
@Suite struct StudioDownloadTests {
    static let invalidSignature = "The download link's signature is invalid."

    /// Downloads a link with no API key.
    static func download(_ server: TestServer, _ link: Studio.Link) throws -> RawResponse {
        try Studio.send(server, "GET", link.target)
    }

    static func expectImage(_ response: RawResponse, contentType: String = "image/png") {
        #expect(response.status == 200, "\(response.bodyText.prefix(200))")
        #expect(response.header("Content-Type") == contentType)
        #expect(response.header("Cache-Control") == "private, max-age=86400")
    }

    /// The link with one hex digit of its signature changed.
    static func flipped(_ signature: String, at offset: Int) -> String {
        var characters = Array(signature)
        characters[offset] = characters[offset] == "0" ? "1" : "0"
        return String(characters)
    }

    @Test func profileToGenerateToDownloadToEdit() throws {
        let server = try Studio.server { $0.scheduler.preset = .instant }
        defer { server.stop() }
        let id = try Studio.readyProfile(server, key: "k")

        // Generate with the identity in the prompt, as links on the host the client used.
        let prompt = "a portrait of [[\(id)]] at the beach"
        let generate = try Studio.post(
            server, "generate", body: #"{"prompt":"\#(prompt)","response_mode":"urls"}"#, host: "example.test:9999")
        let answer = try Studio.expectOK(generate, counts: [(id, 1)], urls: 1)
        let url = try #require(answer.downloadURLs.first)
        #expect(url.hasPrefix("http://example.test:9999/downloads/"))
        let link = try Studio.Link(url)
        #expect(link.file == "0.png")

        // The link needs no API key.
        let downloaded = try Self.download(server, link)
        Self.expectImage(downloaded)
        let info = try PillowProbe.probe(downloaded.body)
        #expect(info.format == "PNG")
        #expect(info.width == 256 && info.height == 256)
        #expect(
            info.text == [
                "phota-mock": Studio.description(
                    endpoint: "generate", prompt: prompt, profileIDs: [id], width: 256, height: 256)
            ])
        // The same picture every time, and the same as bytes mode renders.
        #expect(try Self.download(server, link).body == downloaded.body)
        let inline = try Studio.expectOK(
            try Studio.post(server, "generate", body: #"{"prompt":"\#(prompt)"}"#), counts: [(id, 1)], images: 1)
        #expect(inline.images == [downloaded.body])

        // Edit the downloaded picture, sent back as base64, with the identity in profile_ids.
        let base64 = Data(downloaded.body).base64EncodedString()
        let editBody =
            #"{"prompt":"add a hat","images":["\#(base64)"],"profile_ids":["\#(id)"],"response_mode":"urls","num_output_images":2}"#
        let edit = try Studio.expectOK(try Studio.post(server, "edit", body: editBody), counts: [(id, 2)], urls: 2)
        for (index, editURL) in edit.downloadURLs.enumerated() {
            let editLink = try Studio.Link(editURL)
            #expect(editLink.file == "\(index).png")
            #expect(editLink.authority == "127.0.0.1")
            let image = try Self.download(server, editLink)
            Self.expectImage(image)
            let editInfo = try PillowProbe.probe(image.body)
            #expect(
                editInfo.text["phota-mock"]
                    == Studio.description(
                        endpoint: "edit", prompt: "add a hat", profileIDs: [id], width: 256, height: 256,
                        index: index, count: 2))
        }
    }

    @Test func aTamperedLinkIs403() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let answer = try Studio.expectOK(
            try Studio.post(server, "generate", body: #"{"response_mode":"urls","num_output_images":2}"#), urls: 2)
        let link = try Studio.Link(answer.downloadURLs[0])
        Self.expectImage(try Self.download(server, link))

        var tampered: [Studio.Link] = []
        for offset in [0, 31, 63] {
            var changed = link
            changed.signature = Self.flipped(link.signature, at: offset)
            tampered.append(changed)
        }
        var uppercase = link
        uppercase.signature = link.signature.uppercased()
        if uppercase.signature != link.signature { tampered.append(uppercase) }
        var truncated = link
        truncated.signature = String(link.signature.dropLast())
        tampered.append(truncated)
        var otherIndex = link
        otherIndex.file = "1.png"
        tampered.append(otherIndex)
        var otherFormat = link
        otherFormat.file = "0.jpg"
        tampered.append(otherFormat)
        var later = link
        later.expires = String(try #require(Int64(link.expires)) + 1)
        tampered.append(later)
        var earlier = link
        earlier.expires = String(try #require(Int64(link.expires)) - 1)
        tampered.append(earlier)
        var otherOutput = link
        otherOutput.outputID = Self.flipped(link.outputID, at: 5)
        tampered.append(otherOutput)

        for bad in tampered {
            Studio.expectError(
                try Self.download(server, bad), status: 403, code: "FORBIDDEN", detail: Self.invalidSignature,
                studio: false)
        }
        // Without the signature or the expiry.
        let base = "/downloads/\(link.outputID)/\(link.file)"
        for target in [base, "\(base)?expires=\(link.expires)", "\(base)?signature=\(link.signature)"] {
            Studio.expectError(
                try Studio.send(server, "GET", target), status: 403, code: "FORBIDDEN", detail: Self.invalidSignature,
                studio: false)
        }
        // The genuine second link still works.
        Self.expectImage(try Self.download(server, try Studio.Link(answer.downloadURLs[1])))
    }

    @Test func aLinkExpiresAfter24HoursOfItsAccountsTime() throws {
        let server = try Studio.server { $0.frozenClock = true }
        defer { server.stop() }
        let answer = try Studio.expectOK(
            try Studio.post(server, "generate", key: "owner", body: #"{"response_mode":"urls"}"#), urls: 1)
        let link = try Studio.Link(try #require(answer.downloadURLs.first))
        let clock = try Studio.admin(server, "GET", "/_mock/clock?api_key=owner")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(clock.utf8)) as? [String: Any])
        let now = Int64(try #require(object["now"] as? Int, "\(clock)"))
        #expect(Int64(link.expires) == (now + 86_400_000) / 1000)

        // Another account's time does not age it.
        try Studio.advance(server, key: "someone-else", ms: 200_000_000)
        Self.expectImage(try Self.download(server, link))
        try Studio.advance(server, key: "owner", ms: 86_399_000)
        Self.expectImage(try Self.download(server, link))
        try Studio.advance(server, key: "owner", ms: 2_000)
        Studio.expectError(
            try Self.download(server, link), status: 403, code: "FORBIDDEN", detail: "The download link has expired.",
            studio: false)
    }

    @Test func aJPEGLinkServesAJPEG() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"prompt":"jpeg link","output_format":"jpg","response_mode":"urls","aspect_ratio":"3:4"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), urls: 1)
        let link = try Studio.Link(try #require(answer.downloadURLs.first))
        #expect(link.file == "0.jpg")
        let response = try Self.download(server, link)
        Self.expectImage(response, contentType: "image/jpeg")
        let info = try PillowProbe.probe(response.body)
        #expect(info.format == "JPEG")
        #expect(info.width == 192 && info.height == 256)
        #expect(
            info.comment
                == Studio.description(
                    endpoint: "generate", prompt: "jpeg link", aspect: "3:4", width: 192, height: 256, format: "jpg"))
    }

    @Test func aLargeImageIsServedWhole() throws {
        let server = try Studio.server { $0.fullSizeImages = true }
        defer { server.stop() }
        let body = #"{"prompt":"large","resolution":"2K","aspect_ratio":"16:9","response_mode":"urls"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), urls: 1)
        let response = try Self.download(server, try Studio.Link(try #require(answer.downloadURLs.first)))
        Self.expectImage(response)
        let info = try PillowProbe.probe(response.body)
        #expect(info.width == 2048 && info.height == 1152)
        #expect(
            info.text["phota-mock"]
                == Studio.description(
                    endpoint: "generate", prompt: "large", resolution: "2K", aspect: "16:9", width: 2048, height: 1152))
    }

    @Test func aResetAccountsLinksAreGone() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let answer = try Studio.expectOK(
            try Studio.post(server, "generate", key: "gone", body: #"{"response_mode":"urls"}"#), urls: 1)
        let link = try Studio.Link(try #require(answer.downloadURLs.first))
        Self.expectImage(try Self.download(server, link))
        try Studio.admin(server, "POST", "/_mock/reset", body: #"{"api_key":"gone"}"#)
        Studio.expectError(
            try Self.download(server, link), status: 404, code: "NOT_FOUND", detail: "Not Found", studio: false)
    }
}

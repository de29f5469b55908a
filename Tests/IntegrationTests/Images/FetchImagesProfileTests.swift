// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaApp
import PhotaProfiles
import PhotaTestSupport
import Testing

/// `--fetch-images` end to end: profiles added over HTTP whose images come from a local host, on a
/// frozen clock (default preset: fast tier validates 0.5 s).
@Suite struct FetchImagesProfileTests {
    let host: ImageHost
    let server: TestServer

    init() throws {
        self.host = try ImageHost()
        self.server = try TestServer {
            $0.frozenClock = true
            $0.fetchImages = true
            $0.imageFetch = ImageFetchLimits(maxConcurrent: 4, timeoutSeconds: 30, maxBytes: 1 << 20)
        }
    }

    private func stop() {
        self.host.stop()
        self.server.stop()
    }

    /// Waits (bounded) until the profile's downloads have finished and it is no longer held.
    private func waitUntilReleased(_ id: String) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if !self.server.app.scheduler.isHeld(id: id) { return true }
            usleep(2_000)
        }
        return false
    }

    private func status(_ id: String) throws -> RawResponse {
        try Profiles.get(self.server, "/v1/phota/profiles/\(id)/status", key: "k")
    }

    @Test func goodImagesValidateForThePlannedTimeThenQueue() throws {
        defer { self.stop() }
        let urls = ["/photo.jpg", "/header.png", "/header.webp", "/header.heic", "/moved.jpg"].map(self.host.url)
        let id = try Profiles.add(self.server, key: "k", urls: urls)
        #expect(self.waitUntilReleased(id))
        Profiles.expectStatus(try self.status(id), id: id, status: "VALIDATING")
        self.server.app.scheduler.clock.advance(by: 500)
        Profiles.expectStatus(try self.status(id), id: id, status: "QUEUING")
    }

    @Test func anUnreachableImageFailsTheProfileInValidating() throws {
        defer { self.stop() }
        let missing = self.host.url("/missing.jpg")
        let urls = ["/photo.jpg", "/photo.jpg", "/missing.jpg", "/notes.jpg", "/photo.jpg"].map(self.host.url)
        let id = try Profiles.add(self.server, key: "k", urls: urls)
        #expect(self.waitUntilReleased(id))
        self.server.app.scheduler.clock.advance(by: 500)
        Profiles.expectStatus(
            try self.status(id), id: id, status: "ERROR", message: "Could not download \(missing): HTTP 404")
    }

    @Test func validationLastsUntilTheDownloadsFinish() throws {
        defer { self.stop() }
        let held = self.host.url("/held/late.jpg")
        let urls = ["/photo.jpg", "/photo.jpg", "/photo.jpg", "/photo.jpg"].map(self.host.url) + [held]
        let id = try Profiles.add(self.server, key: "k", urls: urls)
        #expect(self.host.waitForOutstanding(1))
        self.server.app.scheduler.clock.advance(by: 60_000)
        Profiles.expectStatus(try self.status(id), id: id, status: "VALIDATING")
        #expect(self.host.answerNext(with: ImageHost.image(Array("<html></html>".utf8), type: "text/html")))
        #expect(self.waitUntilReleased(id))
        Profiles.expectStatus(
            try self.status(id), id: id, status: "ERROR", message: "\(held) is not a JPEG, PNG, WebP or HEIC/HEIF image"
        )
    }

    @Test func aRestartDownloadsTheImagesOfAValidatingProfileAgain() throws {
        defer { self.stop() }
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "phota-fetch-\(UUID().uuidString).sqlite3"
        ).path
        let configure: (inout AppConfig) -> Void = {
            $0.databasePath = database
            $0.frozenClock = true
            $0.fetchImages = true
            $0.imageFetch = ImageFetchLimits(maxConcurrent: 4, timeoutSeconds: 30, maxBytes: 1 << 20)
        }
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let held = self.host.url("/held/restart.jpg")
        let first = try TestServer(configure)
        let id = try Profiles.add(first, key: "k", urls: (1...4).map { _ in self.host.url("/photo.jpg") } + [held])
        #expect(self.host.waitForOutstanding(1))
        first.stop()

        let second = try TestServer(configure)
        defer { second.stop() }
        #expect(second.app.scheduler.isHeld(id: id))
        #expect(self.host.waitForOutstanding(2))
        // The first server's download is answered first and goes nowhere; the second one's decides.
        #expect(self.host.answerNext())
        #expect(self.host.answerNext(with: ImageHost.image(Array("not a picture".utf8), type: "text/plain")))
        let deadline = Date().addingTimeInterval(30)
        while second.app.scheduler.isHeld(id: id), Date() < deadline { usleep(2_000) }
        second.app.scheduler.clock.advance(by: 500)
        let status = try Profiles.get(second, "/v1/phota/profiles/\(id)/status", key: "k")
        Profiles.expectStatus(
            status, id: id, status: "ERROR", message: "\(held) is not a JPEG, PNG, WebP or HEIC/HEIF image")
    }

    @Test func aPlannedValidationFailureSkipsTheDownloads() throws {
        defer { self.stop() }
        let urls = (1...5).map { self.host.url("/held/\($0).gif") }
        let id = try Profiles.add(self.server, key: "k", urls: urls)
        #expect(!self.server.app.scheduler.isHeld(id: id))
        self.server.app.scheduler.clock.advance(by: 500)
        let message = "Unsupported image format: \(urls[0]). Supported formats are JPEG, PNG, WebP and HEIC/HEIF."
        Profiles.expectStatus(try self.status(id), id: id, status: "ERROR", message: message)
        #expect(self.host.mostOutstanding == 0)
    }
}

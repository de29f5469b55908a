// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import PhotaAPIKit
import PhotaHTTP
import PhotaImaging
import PhotaTestSupport
import Synchronization

/// A local image host on `127.0.0.1:0` for the download tests: a real JPEG, format headers, a text
/// file, a 404, a redirect, a body past the size cap, a dropped connection, and `/held/{name}` replies
/// that wait until the test answers them (for timeouts and concurrency).
final class ImageHost: Sendable {
    static let jpeg = IdenticonJPEG.render(seed: "image-host")
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 24)
    static let webp: [UInt8] =
        Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [UInt8](repeating: 0, count: 16)
    static let heic: [UInt8] = [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8)
    /// Larger than the 1 MiB cap the tests set.
    static let hugeBytes = 3 << 20

    let server: TestHTTPServer
    private let held = HeldReplies()

    init() throws {
        self.server = try TestHTTPServer(responder: Self.router(self.held))
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String {
        "http://127.0.0.1:\(self.server.port)\(path)"
    }

    /// Waits up to `seconds` for the next `/held/…` request and answers it with `response`.
    /// - Returns: false when none arrived in time.
    @discardableResult
    func answerNext(with response: HTTPResponse = ImageHost.image(ImageHost.jpeg), seconds: Double = 10) -> Bool {
        self.held.answerNext(with: response, seconds: seconds)
    }

    /// The most `/held/…` requests ever waiting at once.
    var mostOutstanding: Int { self.held.most }

    /// Waits up to `seconds` until exactly `count` `/held/…` requests are waiting.
    /// - Returns: false when that did not happen in time.
    func waitForOutstanding(_ count: Int, seconds: Double = 10) -> Bool {
        let deadline = DispatchTime.now() + seconds
        while DispatchTime.now() < deadline {
            if self.held.outstanding == count { return true }
            usleep(2_000)
        }
        return false
    }

    func stop() {
        while self.answerNext(seconds: 0) {}
        self.server.stop()
    }

    static func image(_ bytes: [UInt8], type: String = "image/jpeg") -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: type)
        return HTTPResponse(status: .ok, headers: headers, body: bytes)
    }

    private static func router(_ held: HeldReplies) -> Router {
        var router = Router(
            notFound: { _, context in
                DefaultErrorBody.response(status: .notFound, detail: "Not Found", requestID: context.requestID)
            },
            methodNotAllowed: { _, _, context in
                DefaultErrorBody.response(
                    status: .methodNotAllowed, detail: "Method Not Allowed", requestID: context.requestID)
            }
        )
        let files: [(String, HTTPResponse)] = [
            ("/photo.jpg", self.image(self.jpeg)),
            ("/header.png", self.image(self.png, type: "image/png")),
            ("/header.webp", self.image(self.webp, type: "image/webp")),
            ("/header.heic", self.image(self.heic, type: "image/heic")),
            ("/notes.jpg", self.image(Array("just some text\n".utf8), type: "text/plain")),
            ("/huge.jpg", self.image(self.jpeg + [UInt8](repeating: 0, count: self.hugeBytes))),
        ]
        for (path, response) in files {
            router.add("GET", path) { _, _, _ in .response(response) }
        }
        router.add("GET", "/moved.jpg") { _, _, _ in
            var headers = HTTPHeaders()
            headers.add(name: "location", value: "/photo.jpg")
            return .response(HTTPResponse(status: HTTPStatus(302), headers: headers))
        }
        router.add("GET", "/dropped.jpg") { _, _, _ in
            var response = HTTPResponse(status: .ok)
            response.delivery = .closeWithoutResponse
            return .response(response)
        }
        router.add("GET", "/held/{name}") { _, _, context in
            held.hold(context.deferResponse())
            return .deferred
        }
        return router
    }
}

/// The sinks of `/held/…` requests, answered one by one by the test.
private final class HeldReplies: Sendable {
    private let state = Mutex<(sinks: [ReplyPromise], outstanding: Int, most: Int)>(([], 0, 0))
    private let arrived = DispatchSemaphore(value: 0)

    var most: Int { self.state.withLock { $0.most } }
    var outstanding: Int { self.state.withLock { $0.outstanding } }

    func hold(_ sink: ReplyPromise) {
        self.state.withLock { state in
            state.sinks.append(sink)
            state.outstanding += 1
            state.most = max(state.most, state.outstanding)
        }
        self.arrived.signal()
    }

    func answerNext(with response: HTTPResponse, seconds: Double) -> Bool {
        guard self.arrived.wait(timeout: .now() + seconds) == .success else { return false }
        let sink = self.state.withLock { state -> ReplyPromise in
            state.outstanding -= 1
            return state.sinks.removeFirst()
        }
        sink.succeed(response)
        return true
    }
}

// SPDX-License-Identifier: Apache-2.0
import Dispatch
import PhotaHTTP
import PhotaProfiles
import PhotaTestSupport
import Synchronization
import Testing

/// Real downloads through the outbound client (libcurl) against a local image host on 127.0.0.1.
@Suite struct ImageFetcherTests {
    let host: ImageHost

    init() throws {
        self.host = try ImageHost()
    }

    /// What one check reported; `.noAnswer` when it did not complete within the bounded wait.
    enum Outcome: Equatable {
        case passed
        case failed(String)
        case noAnswer
    }

    /// Runs a check and waits (bounded) for its answer.
    static func check(_ fetcher: ImageFetcher, _ urls: [String], seconds: Double = 30) -> Outcome {
        let answer = Mutex<Outcome>(.noAnswer)
        let done = DispatchSemaphore(value: 0)
        fetcher.check(urls: urls) { failure in
            answer.withLock { $0 = failure.map { .failed($0.message) } ?? .passed }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return .noAnswer }
        return answer.withLock { $0 }
    }

    private func fetcher(timeout: Double = 10, maxBytes: Int = 1 << 20, concurrent: Int = 8) -> ImageFetcher {
        ImageFetcher(limits: ImageFetchLimits(maxConcurrent: concurrent, timeoutSeconds: timeout, maxBytes: maxBytes))
    }

    @Test func everySupportedFormatPasses_IncludingThroughARedirect() {
        defer { self.host.stop() }
        let urls = ["/photo.jpg", "/header.png", "/header.webp", "/header.heic", "/moved.jpg"].map(self.host.url)
        #expect(Self.check(self.fetcher(), urls) == .passed)
    }

    @Test func http404FailsNamingTheURL() {
        defer { self.host.stop() }
        let missing = self.host.url("/missing.jpg")
        #expect(
            Self.check(self.fetcher(), [self.host.url("/photo.jpg"), missing])
                == .failed("Could not download \(missing): HTTP 404"))
    }

    @Test func textIsNotAnImage() {
        defer { self.host.stop() }
        let notes = self.host.url("/notes.jpg")
        #expect(Self.check(self.fetcher(), [notes]) == .failed("\(notes) is not a JPEG, PNG, WebP or HEIC/HEIF image"))
    }

    @Test func bodyPastTheCapFails() {
        defer { self.host.stop() }
        let huge = self.host.url("/huge.jpg")
        #expect(
            Self.check(self.fetcher(maxBytes: 1 << 20), [huge])
                == .failed("Could not download \(huge): larger than 1048576 bytes"))
        #expect(Self.check(self.fetcher(maxBytes: 4 << 20), [huge]) == .passed)
    }

    @Test func bodyWithoutALengthIsCappedWhileStreaming() throws {
        defer { self.host.stop() }
        let huge = try CloseDelimitedServer(body: ImageHost.jpeg + [UInt8](repeating: 0, count: ImageHost.hugeBytes))
        defer { huge.stop() }
        let small = try CloseDelimitedServer(body: ImageHost.jpeg)
        defer { small.stop() }
        let url = "http://127.0.0.1:\(huge.port)/stream.jpg"
        #expect(
            Self.check(self.fetcher(maxBytes: 1 << 20), [url])
                == .failed("Could not download \(url): larger than 1048576 bytes"))
        #expect(Self.check(self.fetcher(maxBytes: 1 << 20), ["http://127.0.0.1:\(small.port)/stream.jpg"]) == .passed)
    }

    @Test func slowServerTimesOut() {
        defer { self.host.stop() }
        let slow = self.host.url("/held/slow.jpg")
        #expect(
            Self.check(self.fetcher(timeout: 0.5), [slow])
                == .failed("Could not download \(slow): timed out after 0.5 s"))
    }

    @Test func refusedAndDroppedConnectionsAndOtherSchemesFail() throws {
        defer { self.host.stop() }
        // Bind and close a listener so the port is known to be free: connecting to it is refused.
        let closed = try TestHTTPServer(
            responder: Router(
                notFound: { _, _ in HTTPResponse(status: .notFound) },
                methodNotAllowed: { _, _, _ in HTTPResponse(status: .notFound) }))
        let refused = "http://127.0.0.1:\(closed.port)/a.jpg"
        closed.stop()
        #expect(Self.check(self.fetcher(), [refused]) == .failed("Could not download \(refused): connection refused"))
        let dropped = self.host.url("/dropped.jpg")
        guard case .failed(let message) = Self.check(self.fetcher(), [dropped]) else {
            Issue.record("a dropped connection passed")
            return
        }
        #expect(message.hasPrefix("Could not download \(dropped): "))
        for url in ["ftp://127.0.0.1/a.jpg", "file:///etc/passwd.jpg", "not a url.jpg"] {
            #expect(Self.check(self.fetcher(), [url]) == .failed("Could not download \(url): not an http or https URL"))
        }
    }

    @Test func urlsRefusedBeforeAnyIOAreAnsweredInTurn_BehindOneSlot() {
        defer { self.host.stop() }
        let fetcher = self.fetcher(concurrent: 1)
        let refused = (0..<2_000).map { "ftp://127.0.0.1/\($0).jpg" }
        #expect(
            Self.check(fetcher, [self.host.url("/photo.jpg")] + refused)
                == .failed("Could not download ftp://127.0.0.1/0.jpg: not an http or https URL"))
        #expect(Self.check(fetcher, [self.host.url("/photo.jpg")]) == .passed)
    }

    @Test func firstFailureInListOrderIsReported_AfterEveryDownloadEnds() {
        defer { self.host.stop() }
        let urls = ["/photo.jpg", "/notes.jpg", "/missing.jpg"].map(self.host.url)
        #expect(Self.check(self.fetcher(), urls) == .failed("\(urls[1]) is not a JPEG, PNG, WebP or HEIC/HEIF image"))
    }

    @Test func downloadsInFlightNeverExceedTheBound() {
        defer { self.host.stop() }
        let fetcher = self.fetcher(timeout: 30, concurrent: 2)
        let answers = Mutex<[Outcome]>([])
        let done = DispatchSemaphore(value: 0)
        for profile in 0..<3 {
            let urls = (0..<3).map { self.host.url("/held/p\(profile)-\($0).jpg") }
            fetcher.check(urls: urls) { failure in
                answers.withLock { $0.append(failure.map { .failed($0.message) } ?? .passed) }
                done.signal()
            }
        }
        // Each answer lets exactly one waiting download start: two are in flight until the last one.
        for answered in 0..<9 {
            #expect(self.host.waitForOutstanding(min(2, 9 - answered)))
            #expect(self.host.answerNext())
        }
        for _ in 0..<3 { #expect(done.wait(timeout: .now() + 30) == .success) }
        #expect(answers.withLock { $0 } == [.passed, .passed, .passed])
        #expect(self.host.mostOutstanding == 2)
    }
}

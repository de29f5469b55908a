// SPDX-License-Identifier: Apache-2.0
import Dispatch
import PhotaHTTP
import PhotaOutbound
import PhotaTestSupport
import Synchronization
import Testing

/// Failures before and outside any response: refused URLs, a missing libcurl, dead ports, a client dropped
/// with transfers in flight.
@Suite struct OutboundFailureTests {
    @Test func urlsOtherThanHTTPAreRefusedBeforeSendReturns() {
        let client = OutboundClient()
        for url in [
            "ftp://127.0.0.1/a", "file:///etc/passwd", "not a url", "http:///no-host", "https://", "gopher://x",
        ] {
            let answered = Mutex<OutboundError?>(nil)
            client.send(OutboundRequest(url: url)) { result in
                if case .failure(let error) = result { answered.withLock { $0 = error } }
            }
            #expect(answered.withLock { $0 } == .unsupportedURL, "\(url)")
        }
    }

    @Test func aMissingLibraryFailsEachTransferNamingIt() throws {
        let client = OutboundClient(limits: OutboundLimits(), libraryName: "libcurl-absent.so.4")
        let error = try #require(failure(outcome(of: OutboundRequest(url: "http://127.0.0.1:9/a"), on: client)))
        #expect(error == .libraryUnavailable)
        #expect(error.description.contains("libcurl-absent.so.4"))
    }

    @Test func theSystemLibraryLoads() throws {
        let version = try OutboundClient.loadLibrary()
        #expect(version.split(separator: ".").count >= 3)
    }

    @Test func aClosedPortIsRefused() throws {
        // Bind and close a listener so the port is known to be free: connecting to it is refused.
        let closed = try TestHTTPServer(
            responder: Router(
                notFound: { _, _ in HTTPResponse(status: .notFound) },
                methodNotAllowed: { _, _, _ in HTTPResponse(status: .notFound) })
        )
        let url = "http://127.0.0.1:\(closed.port)/a"
        closed.stop()
        #expect(failure(outcome(of: OutboundRequest(url: url), on: OutboundClient())) == .connectionRefused)
    }

    @Test func droppingTheClientCancelsWhatIsInFlightOrWaiting() throws {
        let host = try OutboundTestHost()
        defer { host.stop() }
        let cancelled = Mutex(0)
        let done = DispatchSemaphore(value: 0)
        do {
            let client = OutboundClient(limits: OutboundLimits(maxConcurrent: 1, timeoutSeconds: 30))
            for index in 0..<2 {
                client.send(OutboundRequest(url: host.url("/held/\(index)"))) { result in
                    if case .failure(.cancelled) = result { cancelled.withLock { $0 += 1 } }
                    done.signal()
                }
            }
            #expect(host.waitForHeld(1))
        }
        for _ in 0..<2 { #expect(done.wait(timeout: .now() + 30) == .success) }
        #expect(cancelled.withLock { $0 } == 2)
    }
}

// SPDX-License-Identifier: Apache-2.0
import Dispatch
import PhotaOutbound
import Synchronization
import Testing

/// Every bound a client puts on its transfers: time, size, redirects, concurrency.
@Suite struct OutboundLimitTests {
    let host: OutboundTestHost

    init() throws {
        self.host = try OutboundTestHost()
    }

    @Test func aServerThatNeverAnswersTimesOut() {
        defer { self.host.stop() }
        let client = OutboundClient(limits: OutboundLimits(timeoutSeconds: 0.3))
        #expect(failure(outcome(of: OutboundRequest(url: self.host.url("/held/slow")), on: client)) == .timedOut)
    }

    @Test func aBodyPastTheCapFails_OneAtTheCapPasses() {
        defer { self.host.stop() }
        let client = OutboundClient(limits: OutboundLimits(maxBytes: 4_096))
        #expect(failure(outcome(of: OutboundRequest(url: self.host.url("/bytes/4097")), on: client)) == .tooLarge)
        #expect(
            response(outcome(of: OutboundRequest(url: self.host.url("/bytes/4096")), on: client))?.bodyBytes == 4_096)
    }

    @Test func redirectsAreFollowedUpToTheLimit_AndTheirBodiesIgnored() throws {
        defer { self.host.stop() }
        let client = OutboundClient(limits: OutboundLimits(maxRedirects: 3))
        let answer = try #require(response(outcome(of: OutboundRequest(url: self.host.url("/redirect/3")), on: client)))
        #expect(answer.status == 200)
        #expect(answer.redirects == 3)
        #expect(answer.bodyBytes == 16)
        #expect(
            failure(outcome(of: OutboundRequest(url: self.host.url("/redirect/4")), on: client)) == .tooManyRedirects)
    }

    @Test func aRedirectToAnotherSchemeIsRefused() {
        defer { self.host.stop() }
        #expect(
            failure(outcome(of: OutboundRequest(url: self.host.url("/to-ftp")), on: OutboundClient()))
                == .unsupportedURL)
    }

    @Test func transfersInFlightNeverExceedTheBound_AndTheRestWaitTheirTurn() {
        defer { self.host.stop() }
        let client = OutboundClient(limits: OutboundLimits(maxConcurrent: 2, timeoutSeconds: 30))
        let statuses = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        for index in 0..<5 {
            client.send(OutboundRequest(url: self.host.url("/held/\(index)"))) { result in
                statuses.withLock { $0.append((try? result.get())?.status ?? -1) }
                done.signal()
            }
        }
        // Each answer lets exactly one waiting transfer start: two are in flight until the last one.
        for answered in 0..<5 {
            #expect(self.host.waitForHeld(min(2, 5 - answered)))
            #expect(self.host.answerOldest())
        }
        for _ in 0..<5 { #expect(done.wait(timeout: .now() + 30) == .success) }
        #expect(statuses.withLock { $0 } == [200, 200, 200, 200, 200])
        #expect(self.host.mostHeld == 2)
    }
}

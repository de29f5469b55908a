// SPDX-License-Identifier: Apache-2.0
import PhotaOutbound
import Testing

/// Requests and bodies: what the client sends and what it keeps of the answer.
@Suite struct OutboundClientTests {
    let host: OutboundTestHost

    init() throws {
        self.host = try OutboundTestHost()
    }

    @Test func postsTheMethodHeadersAndBody_AndReportsTheStatus() throws {
        defer { self.host.stop() }
        let client = OutboundClient()
        let body = Array(#"{"event":"profile.ready","id":"p1"}"#.utf8)
        let request = OutboundRequest(
            method: "POST", url: self.host.url("/echo"),
            headers: [("Content-Type", "application/json"), ("X-Signature", "t=1,v1=abc"), ("X-Empty", "")], body: body
        )
        let answer = try #require(response(outcome(of: request, on: client)))
        #expect(answer.status == 201)
        #expect(answer.body == Array("echoed \(body.count)".utf8))
        let received = try #require(self.host.lastEcho)
        #expect(received.method == "POST")
        #expect(received.body == body)
        #expect(received.headers["content-type"] == "application/json")
        #expect(received.headers["x-signature"] == "t=1,v1=abc")
        #expect(received.headers["x-empty"] == "")
        #expect(received.headers["content-length"] == "\(body.count)")
        // Nothing the caller did not ask for: no 100-continue round trip, no invented form type.
        #expect(received.headers["expect"] == nil)
    }

    @Test func sendsOtherMethodsAsNamed_WithOrWithoutABody() throws {
        defer { self.host.stop() }
        let client = OutboundClient()
        let put = OutboundRequest(method: "PUT", url: self.host.url("/echo"), body: Array("abc".utf8))
        #expect(response(outcome(of: put, on: client))?.status == 201)
        #expect(self.host.lastEcho?.method == "PUT")
        #expect(self.host.lastEcho?.body == Array("abc".utf8))
        #expect(self.host.lastEcho?.headers["content-type"] == nil)
        let delete = OutboundRequest(method: "DELETE", url: self.host.url("/echo"))
        #expect(response(outcome(of: delete, on: client))?.status == 201)
        #expect(self.host.lastEcho?.method == "DELETE")
    }

    @Test func keepsTheFirstBytes_AndCountsTheRest() throws {
        defer { self.host.stop() }
        let client = OutboundClient()
        let answer = try #require(
            response(outcome(of: OutboundRequest(url: self.host.url("/bytes/100000"), keptBodyBytes: 10), on: client)))
        #expect(answer.status == 200)
        #expect(answer.body == Array(0..<10))
        #expect(answer.bodyBytes == 100_000)
    }

    @Test func reportsAnErrorStatusAsAResponse() throws {
        defer { self.host.stop() }
        let answer = try #require(
            response(outcome(of: OutboundRequest(url: self.host.url("/status/503/5")), on: OutboundClient())))
        #expect(answer.status == 503)
        #expect(answer.bodyBytes == 5)
    }

    @Test func endsAtTheHeadAStatusWhoseBodyIsNotWanted_WhateverItsSize() throws {
        defer { self.host.stop() }
        let client = OutboundClient(limits: OutboundLimits(maxBytes: 1_000))
        var request = OutboundRequest(url: self.host.url("/status/404/50000"))
        request.bodyStatuses = 200..<300
        let answer = try #require(response(outcome(of: request, on: client)))
        #expect(answer.status == 404)
        #expect(answer.bodyBytes == 0)
        #expect(answer.body.isEmpty)
    }

    @Test func refusesAHeaderThatWouldSplitTheRequest() {
        defer { self.host.stop() }
        let request = OutboundRequest(url: self.host.url("/echo"), headers: [("X-Bad", "a\r\nInjected: yes")])
        #expect(failure(outcome(of: request, on: OutboundClient())) == .invalidRequest)
        let badName = OutboundRequest(url: self.host.url("/echo"), headers: [("Bad Name", "x")])
        #expect(failure(outcome(of: badName, on: OutboundClient())) == .invalidRequest)
    }
}

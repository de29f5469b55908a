// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// `client_request_id`: a replayed submit gets the original job and is charged once; another request with the
/// same id is a `409`.
@Suite struct JobsIdempotencyTests {
    let epoch = Jobs.epoch

    @Test func aReplayedSubmitIsTheSameJobChargedOnce() throws {
        let server = try Jobs.server { $0.defaultBalanceMicros = 1_000_000 }
        defer { server.stop() }
        let body = Jobs.body(prompt: "order", extra: #","client_request_id":"order-1""#)
        let (id, first) = try Jobs.accepted(server, body: body)
        let running = Jobs.job(
            id: id, status: "RUNNING", clientRequestID: "order-1", createdAt: self.epoch, startedAt: self.epoch,
            finishedAt: nil)
        #expect(first.bodyText == running)
        #expect(try Jobs.micros(server) == 920_000)

        let (replayID, replay) = try Jobs.accepted(server, body: body)
        #expect(replayID == id)
        #expect(replay.bodyText == running)
        #expect(try Jobs.micros(server) == 920_000)
        let listed = try Jobs.object(try Studio.admin(server, "GET", "/_mock/jobs?api_key=k"))
        #expect((listed["jobs"] as? [[String: Any]])?.compactMap { $0["job_id"] as? String } == [id])

        // Once finished, a replay answers the finished job, still charged once.
        try Admin.advance(server, ms: 2_000, key: "k")
        let done = try Jobs.waitFor(server, id, status: "SUCCEEDED")
        let (lateID, late) = try Jobs.accepted(server, body: body)
        #expect(lateID == id)
        #expect(late.bodyText == done.bodyText)
        #expect(try Jobs.micros(server) == 920_000)

        // The id is per account: another key's submit with it is a job of its own.
        let (otherID, _) = try Jobs.accepted(server, key: "other", body: body)
        #expect(otherID != id)
    }

    @Test func anotherRequestWithTheSameClientRequestIDIs409() throws {
        let server = try Jobs.server { $0.defaultBalanceMicros = 1_000_000 }
        defer { server.stop() }
        let (id, _) = try Jobs.accepted(
            server, body: Jobs.body(prompt: "order", extra: #","client_request_id":"order-1""#))
        let detail = "client_request_id 'order-1' was already used for a different request."
        let others = [
            Jobs.body(prompt: "another order", extra: #","client_request_id":"order-1""#),
            Jobs.body(prompt: "order", extra: #","client_request_id":"order-1","resolution":"2K""#),
            Jobs.body(
                prompt: "order", extra: #","client_request_id":"order-1","callback_url":"http://127.0.0.1:9/hook""#),
        ]
        for body in others {
            Studio.expectError(
                try Jobs.submit(server, body: body), status: 409, code: "IDEMPOTENCY_CONFLICT", detail: detail)
        }
        // The same body on another endpoint is another request too.
        Studio.expectError(
            try Jobs.submit(
                server, "enhance",
                body:
                    #"{"image":"https://example.com/a.jpg","async":true,"response_mode":"urls","client_request_id":"order-1"}"#
            ), status: 409, code: "IDEMPOTENCY_CONFLICT", detail: detail)
        // Nothing more was charged and the original job is untouched.
        #expect(try Jobs.micros(server) == 920_000)
        #expect(
            try Jobs.poll(server, id).bodyText
                == Jobs.job(
                    id: id, status: "RUNNING", clientRequestID: "order-1", createdAt: self.epoch,
                    startedAt: self.epoch, finishedAt: nil))
    }
}

extension JobsIdempotencyTests {
    @Test func concurrentSubmitsWithOneClientRequestIDMakeOneJobChargedOnce() throws {
        let server = try Jobs.server { $0.defaultBalanceMicros = 1_000_000 }
        defer { server.stop() }
        let body = Jobs.body(prompt: "race", extra: #","client_request_id":"race-1""#)
        let pending = try (0..<8).map { _ in try PendingRequest(server, "generate", body: body) }
        let responses = try pending.map { try $0.response() }
        #expect(responses.map(\.status) == Array(repeating: 202, count: 8), "\(responses.map(\.bodyText))")
        let ids = Set(try responses.map { try Jobs.object($0.bodyText)["job_id"] as? String })
        #expect(ids.count == 1)
        #expect(try Jobs.micros(server) == 920_000)
        let listed = try Jobs.object(try Studio.admin(server, "GET", "/_mock/jobs?api_key=k"))
        #expect((listed["jobs"] as? [Any])?.count == 1)
    }
}

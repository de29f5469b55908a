// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Async studio jobs through the live API: `202`, polls on the account's simulated clock, the finished result
/// and its download, per-account slots and queueing, failures with their refund, and who may see a job.
@Suite struct JobsLifecycleTests {
    let epoch = Jobs.epoch

    @Test func anAsyncGenerateRunsOnTheSimulatedClockAndItsDownloadDecodes() throws {
        let server = try Jobs.server(studioSeconds: 2)
        defer { server.stop() }
        let prompt = "a lighthouse at dusk"
        let (id, accepted) = try Jobs.accepted(server, body: Jobs.body(prompt: prompt))
        #expect(id.utf8.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let running = Jobs.job(id: id, status: "RUNNING", createdAt: self.epoch, startedAt: self.epoch, finishedAt: nil)
        #expect(accepted.bodyText == running)
        Studio.expectDeprecation(accepted)

        // Still running until 2 simulated seconds have passed on the account's clock.
        let polled = try Jobs.poll(server, id)
        #expect(polled.status == 200)
        #expect(polled.header("Content-Type") == "application/json")
        #expect(polled.bodyText == running)
        try Admin.advance(server, ms: 1_999, key: "k")
        #expect(try Jobs.poll(server, id).bodyText == running)
        try Admin.advance(server, ms: 1, key: "k")

        let done = try Jobs.waitFor(server, id, status: "SUCCEEDED")
        let urls = try Jobs.downloadURLs(done.bodyText)
        #expect(urls.count == 1)
        #expect(
            done.bodyText
                == Jobs.job(
                    id: id, status: "SUCCEEDED", createdAt: self.epoch, startedAt: self.epoch,
                    finishedAt: self.epoch + 2_000, result: Jobs.urlsResult(urls)))
        // Polls of a finished job keep answering the same body.
        #expect(try Jobs.poll(server, id).bodyText == done.bodyText)

        // The link needs no key; Pillow decodes every pixel of the PNG.
        let url = try #require(urls.first)
        #expect(url.hasPrefix("http://127.0.0.1/downloads/"))
        #expect(try Studio.Link(url).file == "0.png")
        let info = try Jobs.download(server, url)
        #expect(info.format == "PNG")
        #expect(info.width == 256 && info.height == 256)
        #expect(
            info.text == [
                "phota-mock": Studio.description(endpoint: "generate", prompt: prompt, width: 256, height: 256)
            ]
        )
    }

    @Test func theResultIsTheSynchronousUrlsAnswer() throws {
        let server = try Jobs.server(studioSeconds: 0)
        defer { server.stop() }
        let body = #"{"prompt":"twins","num_output_images":2,"response_mode":"urls"}"#
        let sync = try Studio.expectOK(try Studio.post(server, "generate", body: body), urls: 2)
        let (id, _) = try Jobs.accepted(
            server, body: #"{"prompt":"twins","num_output_images":2,"async":true,"response_mode":"urls"}"#)
        let done = try Jobs.waitFor(server, id, status: "SUCCEEDED")
        let urls = try Jobs.downloadURLs(done.bodyText)
        #expect(urls.count == 2)
        #expect(try urls.map { try Studio.Link($0).file } == sync.downloadURLs.map { try Studio.Link($0).file })
        #expect(try Jobs.object(done.bodyText)["result"] != nil)
        #expect(done.bodyText.contains(#","result":\#(Jobs.urlsResult(urls)),"error":null}"#))
        // Both are the same pictures.
        for (async, inline) in zip(urls, sync.downloadURLs) {
            let asyncImage = try Studio.send(server, "GET", try Studio.Link(async).target)
            let syncImage = try Studio.send(server, "GET", try Studio.Link(inline).target)
            #expect(asyncImage.status == 200)
            #expect(asyncImage.body == syncImage.body)
        }
    }

    @Test func anotherKeysJobAndAnUnknownJobAre404() throws {
        let server = try Jobs.server()
        defer { server.stop() }
        let (id, _) = try Jobs.accepted(server, body: Jobs.body())
        Studio.expectError(
            try Jobs.poll(server, id, key: "someone-else"), status: 404, code: "JOB_NOT_FOUND",
            detail: "Job not found.", studio: false)
        Studio.expectError(
            try Jobs.poll(server, String(repeating: "0", count: 32)), status: 404, code: "JOB_NOT_FOUND",
            detail: "Job not found.", studio: false)
        // Still 404 for the other key once the job finished (then storage answers).
        try Admin.advance(server, ms: 2_000, key: "k")
        _ = try Jobs.waitFor(server, id, status: "SUCCEEDED")
        Studio.expectError(
            try Jobs.poll(server, id, key: "someone-else"), status: 404, code: "JOB_NOT_FOUND",
            detail: "Job not found.", studio: false)
    }

    @Test func withOneSlotLaterJobsQueueAndStartWhenTheSlotFrees() throws {
        let server = try Jobs.server(studioSeconds: 2, slots: 1)
        defer { server.stop() }
        let (first, _) = try Jobs.accepted(server, body: Jobs.body(prompt: "first"))
        let (second, secondAccepted) = try Jobs.accepted(server, body: Jobs.body(prompt: "second"))
        let (third, _) = try Jobs.accepted(server, body: Jobs.body(prompt: "third"))
        let queued = { (id: String) in
            Jobs.job(id: id, status: "QUEUED", createdAt: self.epoch, startedAt: nil, finishedAt: nil)
        }
        #expect(secondAccepted.bodyText == queued(second))
        #expect(try Jobs.poll(server, second).bodyText == queued(second))
        #expect(try Jobs.poll(server, third).bodyText == queued(third))
        // Another account has slots of its own.
        let (elsewhere, elsewhereAccepted) = try Jobs.accepted(server, key: "other", body: Jobs.body())
        #expect(
            elsewhereAccepted.bodyText
                == Jobs.job(
                    id: elsewhere, status: "RUNNING", createdAt: self.epoch, startedAt: self.epoch, finishedAt: nil))

        try Admin.advance(server, ms: 1_000, key: "k")
        #expect(try Jobs.poll(server, second).bodyText == queued(second))

        // The first ends at 2 s; the second starts at that instant of the simulated clock, the third waits.
        try Admin.advance(server, ms: 1_000, key: "k")
        let firstDone = try Jobs.waitFor(server, first, status: "SUCCEEDED")
        #expect(try Jobs.object(firstDone.bodyText)["finished_at"] as? String == Jobs.iso(self.epoch + 2_000))
        let secondRunning = try Jobs.waitFor(server, second, status: "RUNNING")
        #expect(
            secondRunning.bodyText
                == Jobs.job(
                    id: second, status: "RUNNING", createdAt: self.epoch, startedAt: self.epoch + 2_000,
                    finishedAt: nil))
        #expect(try Jobs.poll(server, third).bodyText == queued(third))

        try Admin.advance(server, ms: 2_000, key: "k")
        let secondDone = try Jobs.waitFor(server, second, status: "SUCCEEDED")
        let secondObject = try Jobs.object(secondDone.bodyText)
        #expect(secondObject["started_at"] as? String == Jobs.iso(self.epoch + 2_000))
        #expect(secondObject["finished_at"] as? String == Jobs.iso(self.epoch + 4_000))
        let thirdRunning = try Jobs.waitFor(server, third, status: "RUNNING")
        #expect(try Jobs.object(thirdRunning.bodyText)["started_at"] as? String == Jobs.iso(self.epoch + 4_000))
        // The other account's clock did not move: its job is still running.
        #expect(
            try Jobs.object(try Jobs.poll(server, elsewhere, key: "other").bodyText)["status"] as? String == "RUNNING")
    }

    @Test func aFailedRenderEndsFailedWithItsErrorAndIsRefunded() throws {
        let server = try Jobs.server(studioSeconds: 2) { $0.defaultBalanceMicros = 1_000_000 }
        defer { server.stop() }
        let (id, accepted) = try Jobs.accepted(server, body: Jobs.body(prompt: "broken phota-fail-render"))
        let requestID = try #require(accepted.header("X-Request-Id"))
        // Reserved at submit.
        #expect(try Jobs.micros(server) == 920_000)
        try Admin.advance(server, ms: 2_000, key: "k")
        let failed = try Jobs.waitFor(server, id, status: "FAILED")
        #expect(
            failed.bodyText
                == Jobs.job(
                    id: id, status: "FAILED", createdAt: self.epoch, startedAt: self.epoch,
                    finishedAt: self.epoch + 2_000,
                    error:
                        #"{"status":500,"detail":"Image generation failed.","code":"INTERNAL_ERROR","request_id":"\#(requestID)"}"#
                ))
        #expect(try Jobs.micros(server) == 1_000_000)
    }

    @Test func theTimeoutTriggerFailsWith504AfterTheBudgetAndIsRefunded() throws {
        let server = try Jobs.server(studioSeconds: 2) { $0.defaultBalanceMicros = 1_000_000 }
        defer { server.stop() }
        let (id, accepted) = try Jobs.accepted(server, body: Jobs.body(prompt: "slow phota-timeout"))
        let requestID = try #require(accepted.header("X-Request-Id"))
        #expect(try Jobs.micros(server) == 920_000)
        try Admin.advance(server, ms: 3_599_999, key: "k")
        #expect(try Jobs.object(try Jobs.poll(server, id).bodyText)["status"] as? String == "RUNNING")
        try Admin.advance(server, ms: 1, key: "k")
        let failed = try Jobs.waitFor(server, id, status: "FAILED")
        let detail = "The job did not finish within 3600 seconds; its charge was refunded."
        #expect(
            failed.bodyText
                == Jobs.job(
                    id: id, status: "FAILED", createdAt: self.epoch, startedAt: self.epoch,
                    finishedAt: self.epoch + 3_600_000,
                    error:
                        #"{"status":504,"detail":"\#(detail)","code":"GATEWAY_TIMEOUT","request_id":"\#(requestID)"}"#
                ))
        #expect(try Jobs.micros(server) == 1_000_000)
    }

    @Test func anHttpCallbackToAPublicHostIs400AndCostsNothing() throws {
        let server = try Jobs.server { $0.defaultBalanceMicros = 1_000_000 }
        defer { server.stop() }
        for host in ["8.8.8.8", "172.32.0.1", "example.com"] {
            Studio.expectBadRequest(
                try Jobs.submit(server, body: Jobs.body(extra: #","callback_url":"http://\#(host)/hook""#)),
                "callback_url must be an https URL (http is accepted for loopback and private hosts), got http to \(host)."
            )
        }
        #expect(try Jobs.micros(server) == 1_000_000)
        #expect(try Studio.admin(server, "GET", "/_mock/jobs?api_key=k") == #"{"jobs":[]}"#)
        // Loopback and private hosts are accepted.
        for url in ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://receiver/hook"] {
            let response = try Jobs.submit(server, body: Jobs.body(extra: #","callback_url":"\#(url)""#))
            #expect(response.status == 202, "\(url): \(response.bodyText)")
        }
    }
}

/// Every studio endpoint runs as a job.
@Suite struct JobsEndpointTests {
    static let calls: [(endpoint: String, body: String, images: Int)] = [
        ("generate", #"{"prompt":"a","num_output_images":2"#, 2),
        ("edit", #"{"prompt":"b","images":["https://example.com/a.jpg"]"#, 1),
        ("enhance", #"{"image":"https://example.com/a.jpg","num_output_images":2"#, 2),
        ("remix", #"{"input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg""#, 1),
    ]

    @Test(arguments: Self.calls)
    func eachEndpointAnswers202AndFinishesWithItsLinks(_ call: (endpoint: String, body: String, images: Int)) throws {
        let server = try Jobs.server(studioSeconds: 3)
        defer { server.stop() }
        let (id, accepted) = try Jobs.accepted(
            server, call.endpoint, body: call.body + #","async":true,"response_mode":"urls"}"#)
        #expect(
            accepted.bodyText
                == Jobs.job(
                    id: id, status: "RUNNING", endpoint: call.endpoint, createdAt: Jobs.epoch, startedAt: Jobs.epoch,
                    finishedAt: nil))
        try Admin.advance(server, ms: 3_000, key: "k")
        let done = try Jobs.waitFor(server, id, status: "SUCCEEDED")
        let urls = try Jobs.downloadURLs(done.bodyText)
        #expect(urls.count == call.images)
        #expect(
            done.bodyText
                == Jobs.job(
                    id: id, status: "SUCCEEDED", endpoint: call.endpoint, createdAt: Jobs.epoch,
                    startedAt: Jobs.epoch, finishedAt: Jobs.epoch + 3_000, result: Jobs.urlsResult(urls)))
        for url in urls {
            #expect(try Jobs.download(server, url).format == "PNG")
        }
    }

    @Test func asyncNeedsUrlsMode() throws {
        let server = try Jobs.server()
        defer { server.stop() }
        let response = try Jobs.submit(server, body: #"{"prompt":"a","async":true}"#)
        #expect(response.status == 422, "\(response.bodyText)")
        #expect(response.bodyText.contains("async requires response_mode 'urls', got 'bytes'"))
        #expect(try Studio.admin(server, "GET", "/_mock/jobs") == #"{"jobs":[]}"#)
    }
}

/// `POST /_mock/reset` of an account drops its queued and running jobs and frees its slots.
@Suite struct JobsResetTests {
    @Test func aResetDropsTheAccountsJobsAndFreesItsSlots() throws {
        let receiver = try CallbackReceiver()
        defer { receiver.stop() }
        let server = try Jobs.server(studioSeconds: 2, slots: 1)
        defer { server.stop() }
        let callback = #","callback_url":"\#(receiver.url())""#
        let (running, _) = try Jobs.accepted(server, body: Jobs.body(prompt: "running", extra: callback))
        let (queued, _) = try Jobs.accepted(server, body: Jobs.body(prompt: "queued", extra: callback))
        let (kept, _) = try Jobs.accepted(server, key: "other", body: Jobs.body(prompt: "kept"))
        #expect(try Studio.admin(server, "POST", "/_mock/reset", body: #"{"api_key":"k"}"#) == #"{"reset":"k"}"#)
        for id in [running, queued] {
            Studio.expectError(
                try Jobs.poll(server, id), status: 404, code: "JOB_NOT_FOUND", detail: "Job not found.", studio: false)
        }
        #expect(try Jobs.object(try Jobs.poll(server, kept, key: "other").bodyText)["status"] as? String == "RUNNING")

        // The slot is free again: a new job runs at once and is the only one to finish and call back.
        let (fresh, accepted) = try Jobs.accepted(server, body: Jobs.body(prompt: "fresh", extra: callback))
        #expect(try Jobs.object(accepted.bodyText)["status"] as? String == "RUNNING")
        try Admin.advance(server, ms: 2_000, key: "k")
        let done = try Jobs.waitFor(server, fresh, status: "SUCCEEDED")
        _ = try Jobs.waitForDelivery(server, jobID: fresh, attempts: 1, state: "DELIVERED")
        let received = receiver.waitFor(1)
        #expect(received.map(\.bodyText) == [#"{"event":"job.succeeded","job":\#(done.bodyText)}"#])
        let listed = try Jobs.object(try Studio.admin(server, "GET", "/_mock/jobs?api_key=k"))
        #expect((listed["jobs"] as? [[String: Any]])?.compactMap { $0["job_id"] as? String } == [fresh])
        #expect(try Jobs.deliveries(server, jobID: running).isEmpty)
    }
}

// SPDX-License-Identifier: Apache-2.0
import Foundation
import Glibc
import PhotaTestSupport
import Testing

/// One clock advance past many queued async jobs of one account. Each job's end starts the next queued one and
/// schedules its end, already due: those alarms must run one after another in the pass that is firing, not one
/// inside the other (which once overflowed the event loop's stack at about 1,200 queued jobs, `--job-slots 1`).
@Suite(.serialized) struct ManyDueJobsTests {
    static let jobs = 1_500

    @Test func oneClockAdvancePastFifteenHundredQueuedJobsEndsThemAll() throws {
        let server = try ProcessServer(arguments: [
            "--db", ":memory:", "--frozen-clock", "--studio-time", "0.2", "--job-slots", "1", "--log-level", "error",
        ])
        defer { server.stop(signal: SIGKILL) }
        let client = try RawClient(port: server.port, timeoutSeconds: 60)
        for index in 0..<Self.jobs {
            let body = #"{"prompt":"queued \#(index)","async":true,"response_mode":"urls"}"#
            client.send(
                "POST /v1/phota/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: many\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            try #require(client.readResponse()?.status == 202)
        }
        do {
            let advance = #"{"seconds":3600,"api_key":"many"}"#
            client.send(
                "POST /_mock/clock/advance HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(advance.utf8.count)\r\n\r\n\(advance)")
            let answer = try #require(client.readResponse(), "no answer to the advance; the server is gone")
            #expect(answer.status == 200)
            client.send("GET /_mock/jobs?api_key=many HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let listed = try #require(client.readResponse())
            #expect(!listed.bodyText.contains(#""status":"QUEUED""#) && !listed.bodyText.contains(#""RUNNING""#))
        }
    }
}

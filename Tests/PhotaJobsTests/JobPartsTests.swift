// SPDX-License-Identifier: Apache-2.0
import PhotaCrypto
import Testing

@testable import PhotaJobs

/// The jobs room's pure parts: the lifecycle, the callback URL rule, the signature, attempts and back-off.
@Suite struct JobPartsTests {
    @Test func theLifecycleOnlyMovesForward() {
        let all = JobStatus.allCases
        let allowed: Set<String> = ["QUEUED>RUNNING", "RUNNING>SUCCEEDED", "RUNNING>FAILED"]
        for from in all {
            for to in all {
                #expect(from.canMove(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) → \(to)")
            }
        }
        #expect(all.filter(\.isFinal) == [.succeeded, .failed])
    }

    @Test func callbackURLsAreHTTPSOrPlainHTTPToHostsThatCannotBePublic() {
        for url in [
            "https://hooks.example.com/phota", "HTTPS://EXAMPLE.COM", "http://localhost:8080/hook",
            "http://127.0.0.1/x", "http://10.1.2.3/x", "http://172.16.0.1/x", "http://172.31.255.255/x",
            "http://192.168.1.10:9000/x", "http://169.254.1.1/x", "http://[::1]:8080/x", "http://[fd00::1]/x",
            "http://app:3000/callbacks", "http://api.localhost/x", "http://printer.local/x", "http://svc.internal/x",
            "http://user:pw@localhost/x",
        ] {
            #expect(CallbackURLPolicy.problem(url) == nil, "\(url)")
        }
        let plain = "callback_url must be an https URL (http is accepted for loopback and private hosts)"
        #expect(CallbackURLPolicy.problem("http://example.com/hook") == plain + ", got http to example.com.")
        #expect(CallbackURLPolicy.problem("http://172.32.0.1/x") == plain + ", got http to 172.32.0.1.")
        #expect(CallbackURLPolicy.problem("http://8.8.8.8/x") == plain + ", got http to 8.8.8.8.")
        #expect(CallbackURLPolicy.problem("ftp://localhost/x") == plain + ".")
        #expect(CallbackURLPolicy.problem("") == plain + ".")
        #expect(CallbackURLPolicy.problem("https:///x") == "callback_url is not a valid URL: it has no host.")
    }

    @Test func theSignatureIsHMACOfTimestampDotBody() throws {
        let body = Array(#"{"event":"job.succeeded"}"#.utf8)
        let header = try CallbackSignature.header(secret: "whsec_k", timestamp: 1_700_000_000, body: body)
        let expected = try HMACSHA256.hex(key: Array("whsec_k".utf8), message: Array("1700000000.".utf8) + body)
        #expect(header == "t=1700000000,v1=" + expected)
        #expect(CallbackSignature.isValid(header: header, secret: "whsec_k", body: body))
        #expect(CallbackSignature.isValid(header: "v1=00,t=1700000000,v1=" + expected, secret: "whsec_k", body: body))
        #expect(!CallbackSignature.isValid(header: header, secret: "whsec_other", body: body))
        #expect(!CallbackSignature.isValid(header: header, secret: "whsec_k", body: body + [0x20]))
        #expect(
            !CallbackSignature.isValid(
                header: "t=1700000001,v1=" + expected, secret: "whsec_k", body: body))
        #expect(!CallbackSignature.isValid(header: "garbage", secret: "whsec_k", body: body))
    }

    @Test func attemptsAccumulateAsAJSONArray() {
        var attempts = "[]"
        attempts = DeliveryAttempts.appending(
            attempts,
            DeliveryAttempts.entry(number: 1, outcome: .answered(status: 500, latencyMs: 1.25), signature: "s"))
        attempts = DeliveryAttempts.appending(
            attempts, DeliveryAttempts.entry(number: 2, outcome: .failure("connection refused"), signature: nil))
        #expect(DeliveryAttempts.count(attempts) == 2)
        #expect(attempts.hasPrefix(#"[{"attempt":1,"at":""#))
        #expect(attempts.contains(#""status":500,"error":null,"latency_ms":1.3,"signature":"s"}"#))
        #expect(attempts.hasSuffix(#""status":null,"error":"connection refused","latency_ms":null,"signature":null}]"#))
        #expect(DeliveryAttempts.count("[]") == 0)
    }

    @Test func backOffDoublesFromOneSecond() {
        let settings = JobSettings()
        #expect((1...5).map { settings.retryDelayMs(after: $0) } == [1_000, 2_000, 4_000, 8_000, 16_000])
        #expect(settings.maxAttempts == 6)
        #expect(AttemptOutcome.answered(status: 204, latencyMs: 0).isSuccess)
        #expect(!AttemptOutcome.answered(status: 301, latencyMs: 0).isSuccess)
        #expect(!AttemptOutcome.failure("timed out").isSuccess)
    }

    @Test func secretsAreWhsecAnd64HexDigits() {
        let secret = WebhookSecrets.newSecret()
        #expect(secret.hasPrefix("whsec_"))
        #expect(secret.utf8.count == 70)
        #expect(secret.dropFirst(6).allSatisfy { "0123456789abcdef".contains($0) })
        #expect(WebhookSecrets.newSecret() != secret)
    }
}

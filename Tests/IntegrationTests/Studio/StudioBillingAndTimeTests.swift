// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Prepaid billing of studio calls (price table, 402, refunds) and their simulated processing time on the
/// account's clock (processing time, the 600 s budget and its 504).
@Suite struct StudioBillingAndTimeTests {
    /// The balance in micro-dollars, from `GET /_mock/credits/<key>`; nil for unlimited.
    static func micros(_ server: TestServer, key: String) throws -> Int64? {
        let text = try Studio.balance(server, key: key)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["api_key"] as? String == key)
        guard let dollars = object["balance"] as? Double else { return nil }
        return Int64((dollars * 1_000_000).rounded())
    }

    @Test func aSecondGenerateBeyondTheBalanceIs402() throws {
        let server = try Studio.server { $0.defaultBalanceMicros = 100_000 }
        defer { server.stop() }
        #expect(try Studio.balance(server, key: "k") == #"{"api_key":"k","balance":0.1}"#)
        try Studio.expectOK(try Studio.post(server, "generate", body: #"{"prompt":"one"}"#), images: 1)
        #expect(try Studio.balance(server, key: "k") == #"{"api_key":"k","balance":0.02}"#)
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"prompt":"two"}"#), status: 402, code: "INSUFFICIENT_CREDIT",
            detail: "Insufficient prepaid credit balance.")
        #expect(try Studio.balance(server, key: "k") == #"{"api_key":"k","balance":0.02}"#)
        // The same 402 in urls mode; another account has its own balance.
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"response_mode":"urls"}"#), status: 402,
            code: "INSUFFICIENT_CREDIT", detail: "Insufficient prepaid credit balance.")
        try Studio.expectOK(try Studio.post(server, "generate", key: "other", body: "{}"), images: 1)
        #expect(try Studio.balance(server, key: "other") == #"{"api_key":"other","balance":0.02}"#)
    }

    /// A free account's calls need no balance read, but a balance set or a reset counts from the next call on.
    @Test func aBalanceSetOnAFreeAccountCountsFromTheNextCall() throws {
        let server = try Studio.server()
        defer { server.stop() }
        try Studio.expectOK(try Studio.post(server, "generate", body: #"{"prompt":"one"}"#), images: 1)
        try Studio.expectOK(try Studio.post(server, "generate", body: #"{"prompt":"two"}"#), images: 1)
        #expect(try Studio.balance(server, key: "k") == #"{"api_key":"k","balance":null}"#)
        try Studio.admin(server, "PUT", "/_mock/credits/k", body: #"{"balance":0.1}"#)
        try Studio.expectOK(try Studio.post(server, "generate", body: #"{"prompt":"three"}"#), images: 1)
        #expect(try Studio.balance(server, key: "k") == #"{"api_key":"k","balance":0.02}"#)
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"prompt":"four"}"#), status: 402, code: "INSUFFICIENT_CREDIT",
            detail: "Insufficient prepaid credit balance.")
        // Unlimited again, then a reset (back to the default: unlimited), then a balance once more.
        try Studio.admin(server, "PUT", "/_mock/credits/k", body: #"{"balance":null}"#)
        try Studio.expectOK(try Studio.post(server, "generate", body: #"{"prompt":"five"}"#), images: 1)
        try Studio.admin(server, "POST", "/_mock/reset?api_key=k")
        try Studio.expectOK(try Studio.post(server, "generate", body: #"{"prompt":"six"}"#), images: 1)
        try Studio.admin(server, "PUT", "/_mock/credits/k", body: #"{"balance":0}"#)
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"prompt":"seven"}"#), status: 402, code: "INSUFFICIENT_CREDIT",
            detail: "Insufficient prepaid credit balance.")
    }

    @Test func aCallIsRefusedWhenItsWholePriceExceedsTheBalance() throws {
        let server = try Studio.server { $0.defaultBalanceMicros = 100_000 }
        defer { server.stop() }
        // Two nb2 images cost $0.16: refused, nothing charged.
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"num_output_images":2}"#), status: 402,
            code: "INSUFFICIENT_CREDIT", detail: "Insufficient prepaid credit balance.")
        #expect(try Self.micros(server, key: "k") == 100_000)
    }

    @Test func requestsRefusedBeforeTheChargeCostNothing() throws {
        let server = try Studio.server { $0.defaultBalanceMicros = 100_000 }
        defer { server.stop() }
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"prompt":"phota-moderation"}"#), status: 400,
            code: "CONTENT_MODERATION", detail: "The request was rejected by content moderation.")
        Studio.expectBadRequest(
            try Studio.post(server, "generate", body: #"{"quality":"low"}"#),
            "quality is only supported with base_model 'gpt-image-2', got 'nb2'.")
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"prompt":"[[nobody]]"}"#), status: 404,
            code: "PROFILE_NOT_FOUND", detail: "Profile not found.")
        #expect(try Self.micros(server, key: "k") == 100_000)
    }

    /// Each call and its price in micro-dollars.
    static let prices: [(endpoint: String, body: String, micros: Int64)] = [
        ("generate", "{}", 80_000),
        ("generate", #"{"resolution":"2K"}"#, 120_000),
        ("generate", #"{"resolution":"4K"}"#, 160_000),
        ("generate", #"{"num_output_images":3}"#, 240_000),
        ("generate", #"{"base_model":"gpt-image-2"}"#, 100_000),
        ("generate", #"{"base_model":"gpt-image-2","quality":"low"}"#, 40_000),
        ("generate", #"{"base_model":"gpt-image-2","quality":"medium"}"#, 100_000),
        ("generate", #"{"base_model":"gpt-image-2","quality":"high","resolution":"4K"}"#, 500_000),
        ("generate", #"{"base_model":"qwen-image-2","resolution":"2K"}"#, 75_000),
        ("generate", #"{"base_model":"flux-2"}"#, 60_000),
        ("generate", #"{"base_model":"reve","num_output_images":2}"#, 80_000),
        ("edit", #"{"images":["https://example.com/a.jpg"],"resolution":"2K","num_output_images":2}"#, 240_000),
        ("edit", #"{"images":["https://example.com/a.jpg"],"base_model":"flux-2","resolution":"2K"}"#, 90_000),
        ("enhance", #"{"image":"https://example.com/a.jpg"}"#, 120_000),
        ("enhance", #"{"image":"https://example.com/a.jpg","num_output_images":2}"#, 240_000),
        (
            "remix", #"{"input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg"}"#,
            120_000
        ),
    ]

    @Test(arguments: Self.prices)
    func eachCallIsChargedItsPrice(_ price: (endpoint: String, body: String, micros: Int64)) throws {
        let server = try Studio.server()
        defer { server.stop() }
        #expect(try Studio.admin(server, "PUT", "/_mock/credits/k", body: #"{"balance":10}"#).contains("10"))
        let response = try Studio.post(server, price.endpoint, body: price.body)
        #expect(response.status == 200, "\(response.bodyText.prefix(200))")
        #expect(try Self.micros(server, key: "k") == 10_000_000 - price.micros)
    }

    @Test func remixAndEnhanceWithAnIdentityCostMore() throws {
        let server = try Studio.server { $0.scheduler.preset = .instant }
        defer { server.stop() }
        let id = try Studio.readyProfile(server, key: "k")
        try Studio.admin(server, "PUT", "/_mock/credits/k", body: #"{"balance":10}"#)
        let remix =
            #"{"input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg","profile_ids":["\#(id)"]}"#
        try Studio.expectOK(try Studio.post(server, "remix", body: remix), counts: [(id, 1)], images: 1)
        #expect(try Self.micros(server, key: "k") == 10_000_000 - 150_000)
        let enhance = #"{"image":"https://example.com/a.jpg","prompt":"[[\#(id)]]","num_output_images":2}"#
        try Studio.expectOK(try Studio.post(server, "enhance", body: enhance), counts: [(id, 2)], images: 2)
        #expect(try Self.micros(server, key: "k") == 10_000_000 - 150_000 - 300_000)
        // Edit and generate are priced by model and resolution, with or without an identity.
        try Studio.expectOK(
            try Studio.post(server, "generate", body: #"{"prompt":"[[\#(id)]]"}"#), counts: [(id, 1)], images: 1)
        #expect(try Self.micros(server, key: "k") == 10_000_000 - 150_000 - 300_000 - 80_000)
    }

    @Test func anUnlimitedAccountIsNotCharged() throws {
        let server = try Studio.server()
        defer { server.stop() }
        try Studio.expectOK(try Studio.post(server, "generate", body: #"{"resolution":"4K"}"#), images: 1)
        #expect(try Studio.balance(server, key: "k") == #"{"api_key":"k","balance":null}"#)
    }

    @Test func aFailedRenderIsRefunded() throws {
        let server = try Studio.server { $0.defaultBalanceMicros = 100_000 }
        defer { server.stop() }
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"prompt":"phota-fail-render"}"#), status: 500,
            code: "INTERNAL_ERROR", detail: "Internal server error.")
        #expect(try Self.micros(server, key: "k") == 100_000)
        // The refunded balance still pays for one image.
        try Studio.expectOK(try Studio.post(server, "generate", body: "{}"), images: 1)
        #expect(try Self.micros(server, key: "k") == 20_000)
    }

    @Test func theTimeoutTriggerAnswers504After600SimulatedSeconds() throws {
        let server = try Studio.server { $0.frozenClock = true }
        defer { server.stop() }
        let pending = try PendingRequest(server, "generate", body: #"{"prompt":"slow phota-timeout"}"#)
        #expect(!pending.answered(), "answered while the clock was frozen")
        // Another account's time does not move this one's.
        try Studio.advance(server, key: "someone-else", ms: 3_600_000)
        try Studio.advance(server, key: "k", ms: 599_999)
        #expect(!pending.answered(), "answered before 600 s had passed")
        try Studio.advance(server, key: "k", ms: 1)
        Studio.expectError(
            try pending.response(), status: 504, code: "GATEWAY_TIMEOUT",
            detail: "The request did not finish within 600 seconds; its charge was refunded.")
    }

    @Test func aTimedOutCallIsRefunded() throws {
        let server = try Studio.server {
            $0.frozenClock = true
            $0.defaultBalanceMicros = 100_000
        }
        defer { server.stop() }
        let body =
            #"{"prompt":"phota-timeout","input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg"}"#
        // Remix costs $0.12: more than the default balance, so give the account more first.
        try Studio.admin(server, "PUT", "/_mock/credits/k", body: #"{"balance":0.5}"#)
        let pending = try PendingRequest(server, "remix", body: body)
        #expect(!pending.answered(), "answered while the clock was frozen")
        #expect(try Self.micros(server, key: "k") == 380_000)
        try Studio.advance(server, key: "k", ms: 600_000)
        Studio.expectError(
            try pending.response(), status: 504, code: "GATEWAY_TIMEOUT",
            detail: "The request did not finish within 600 seconds; its charge was refunded.")
        #expect(try Self.micros(server, key: "k") == 500_000)
    }

    @Test func aCallIsAnsweredOnceItsProcessingTimeHasPassedOnTheAccountsClock() throws {
        let server = try TestServer { config in
            config.frozenClock = true
            config.studioSeconds = 5
        }
        defer { server.stop() }
        let pending = try PendingRequest(server, "generate", body: #"{"prompt":"takes five seconds"}"#)
        #expect(!pending.answered(), "answered while the clock was frozen")
        try Studio.advance(server, key: "someone-else", ms: 60_000)
        try Studio.advance(server, key: "k", ms: 4_999)
        #expect(!pending.answered(), "answered before 5 s had passed")
        try Studio.advance(server, key: "k", ms: 1)
        let answer = try Studio.expectOK(try pending.response(), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == 256 && info.height == 256)
    }

    @Test func theProcessingTimeHoldsEveryEndpointAndTheUrlsMode() throws {
        let server = try TestServer { config in
            config.frozenClock = true
            config.studioSeconds = 2
        }
        defer { server.stop() }
        let bodies = [
            ("edit", #"{"images":["https://example.com/a.jpg"],"response_mode":"urls"}"#),
            ("generate", #"{"response_mode":"urls","num_output_images":2}"#),
            ("enhance", #"{"image":"https://example.com/a.jpg"}"#),
            ("remix", #"{"input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg"}"#),
        ]
        let pending = try bodies.map { try PendingRequest(server, $0.0, body: $0.1) }
        #expect(pending.allSatisfy { !$0.answered() }, "answered while the clock was frozen")
        try Studio.advance(server, key: "k", ms: 2_000)
        try Studio.expectOK(try pending[0].response(), urls: 1)
        try Studio.expectOK(try pending[1].response(), urls: 2)
        try Studio.expectOK(try pending[2].response(), images: 1)
        try Studio.expectOK(try pending[3].response(), images: 1)
    }
}

// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaMockTesting
import PhotaTestSupport
import Testing

/// `PhotaMockServer`: in process on a free loopback port, its options, more than one at once, and stopping.
@Suite struct PhotaMockTestingServerTests {
    @Test func startsOnAFreePortServesAndStopsOnce() throws {
        let server = try PhotaMockServer()
        #expect(server.port > 0)
        #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(server.port)")
        #expect(server.apiURL.absoluteString == "http://127.0.0.1:\(server.port)/v1/phota")
        #expect(server.admin.baseURL == server.baseURL)
        #expect(try server.admin.health())
        let ids = try server.send("GET", "/v1/phota/profiles/ids", headers: [("X-API-Key", "k")])
        #expect(ids.status == 200)
        #expect(ids.header("content-type") == "application/json")
        #expect(ids.text == #"{"profiles":[]}"#)
        #expect(!server.isStopped)

        server.stop()
        #expect(server.isStopped)
        server.stop()
        #expect(throws: PhotaMockTransportError.self) { try server.admin.health() }
    }

    @Test func twoServersAtOnceKeepTheirOwnState() throws {
        let first = try PhotaMockServer()
        let second = try PhotaMockServer()
        defer {
            first.stop()
            second.stop()
        }
        #expect(first.port != second.port)
        try first.admin.freeze()
        try first.admin.setCredit(1.25, apiKey: "k")
        let id = try first.admin.createProfiles(apiKey: "k")[0]
        #expect(try first.admin.clock().frozen)
        #expect(try !second.admin.clock().frozen)
        #expect(try first.admin.credit(apiKey: "k") == MockCredit(apiKey: "k", balance: 1.25))
        #expect(try second.admin.credit(apiKey: "k") == MockCredit(apiKey: "k", balance: nil))
        #expect(try Profiles.get(first, "/v1/phota/profiles/ids", key: "k").bodyText == #"{"profiles":["\#(id)"]}"#)
        #expect(try Profiles.get(second, "/v1/phota/profiles/ids", key: "k").bodyText == #"{"profiles":[]}"#)
        #expect(throws: PhotaMockError.self) { try second.admin.profile(id) }
    }

    @Test func theOptionsReachTheConfiguration() throws {
        let server = try PhotaMockServer(
            preset: .instant, frozenClock: true, clockStart: Admin.epochDate, seed: 7, credit: 2.5,
            studioTime: .milliseconds(1500), jobSlots: 1, apiKeys: ["only-key"])
        defer { server.stop() }
        let config = server.application.config
        #expect(config.scheduler.preset == .instant)
        #expect(config.seed == 7)
        #expect(config.defaultBalanceMicros == 2_500_000)
        #expect(config.studioSeconds == 1.5)
        #expect(config.jobSlots == 1)
        #expect(config.databasePath == ":memory:")
        let clock = try server.admin.clock()
        #expect(clock.frozen && clock.now == Admin.epoch && clock.nowISO == Admin.epochISO)
        #expect(clock.date == Admin.epochDate)
        #expect(try server.admin.credit(apiKey: "only-key").balance == 2.5)
        Profiles.expectError(
            try Profiles.get(server, "/v1/phota/profiles/ids", key: "another-key"), status: 401,
            code: "UNAUTHORIZED", detail: "Missing or invalid API key in the X-API-Key header.")
        // Instant timings: every phase passed through at once, on a frozen clock.
        let id = try Profiles.add(server, key: "only-key")
        Profiles.expectStatus(try Admin.status(server, id, key: "only-key"), id: id, status: "READY")
        #expect(try server.admin.profile(id).history.map(\.status) == ["QUEUING", "IN_PROGRESS", "READY"])
    }

    @Test func theConfigureClosureHasTheLastWord() throws {
        let server = try PhotaMockServer(frozenClock: true) { config in
            config.frozenClock = false
            config.journalCapacity = 0
        }
        defer { server.stop() }
        #expect(try !server.admin.clock().frozen)
        _ = try Profiles.get(server, "/v1/phota/profiles/ids", key: "k")
        #expect(try server.admin.journal().isEmpty)
    }

    @Test func anAdminTokenIsSentByTheAdminClient() throws {
        let server = try PhotaMockServer(adminToken: "s3cret")
        defer { server.stop() }
        #expect(server.admin.adminToken == "s3cret")
        #expect(try !server.admin.clock().frozen)
        let anonymous = PhotaMockAdmin(port: server.port)
        let error = try #require(throws: PhotaMockError.self) { try anonymous.clock() }
        #expect(error.status == 401)
        #expect(error.code == "ADMIN_UNAUTHORIZED")
        #expect(error.method == "GET" && error.path == "/_mock/clock")
    }

    @Test func withServerStopsTheServerWhenTheBodyEnds() async throws {
        let used = try await PhotaMockServer.withServer(.init(preset: .instant)) { server in
            let id = try server.admin.createProfiles(apiKey: "async", status: "VALIDATING")[0]
            await Task.yield()
            #expect(try server.admin.profile(id).status == "READY")
            return server
        }
        #expect(used.isStopped)
        #expect(throws: PhotaMockTransportError.self) { try used.admin.health() }
    }

    @Test func theLastReferenceGoingAwayStopsTheServer() throws {
        let port = try { () throws -> UInt16 in
            let server = try PhotaMockServer()
            #expect(try server.admin.health())
            return server.port
        }()
        #expect(throws: PhotaMockTransportError.self) { try PhotaMockAdmin(port: port).health() }
    }
}

// SPDX-License-Identifier: Apache-2.0
import Dispatch
import FoundationEssentials
import PhotaAPIKit
import PhotaHTTP
import PhotaScheduler

/// The `/_mock` endpoints: health, readiness, reset, clock, profiles, credits, journal, faults,
/// fixtures and metrics. JSON in and out (snake_case); errors use the Phota error body.
public struct AdminRoutes: Sendable {
    let service: AdminService
    let metrics: Metrics
    let access: AdminAccess
    let isStopping: @Sendable () -> Bool

    public init(
        service: AdminService, metrics: Metrics, access: AdminAccess, isStopping: @escaping @Sendable () -> Bool
    ) {
        self.service = service
        self.metrics = metrics
        self.access = access
        self.isStopping = isStopping
    }

    public func register(on router: inout Router) {
        // Access is the group's to check, before any handler: every route but the open ones needs it.
        var group = RouteGroup()
        let access = self.access
        group.authorize = { request, pattern, context in
            guard !AdminAccess.openRoutes.contains(pattern),
                !AdminAccess.openMethodRoutes.contains(request.method + " " + pattern)
            else { return nil }
            do throws(APIError) {
                try access.check(request)
                return nil
            } catch {
                return error.response(requestID: context.requestID)
            }
        }
        router.configure(prefix: "/_mock", group)
        router.add("GET", "/_mock/health") { _, _, _ in .response(.json(.ok, #"{"status":"ok"}"#)) }
        router.add("GET", "/_mock/ready") { _, _, context in self.readiness(context) }
        self.adminWrite(&router, "POST", "/_mock/reset") { request, _ in
            let body = try Self.decode(AdminModels.ResetRequest.self, request, emptyAllowed: true) ?? .init()
            try self.service.reset(apiKey: body.apiKey ?? request.queryValue("api_key"))
            return try Self.json(["reset": body.apiKey ?? request.queryValue("api_key") ?? "all"])
        }
        self.registerClock(&router)
        self.registerProfiles(&router)
        self.registerCredits(&router)
        self.registerJournal(&router)
        self.registerFaults(&router)
        self.adminWrite(&router, "POST", "/_mock/fixtures") { request, _ in
            let scenario = try Self.decode(AdminModels.Scenario.self, request) ?? .init()
            return try Self.json(["loaded": try self.service.load(scenario)])
        }
        self.admin(&router, "GET", "/_mock/metrics") { _, _ in
            let text = self.metrics.render(gauges: self.service.gauges())
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("content-type", "text/plain; version=0.0.4")]),
                body: Array(text.utf8))
        }
    }

    /// The latest simulated time the clock may be set or advanced to: ISO 8601 (and RFC 3339) have four-digit
    /// years, and the clock's arithmetic must never come near Int64's end.
    static let latestClockMs: Int64 = 253_402_300_799_999
    static let latestClockISO = "9999-12-31T23:59:59.999Z"

    private func registerClock(_ router: inout Router) {
        let clock = self.service.scheduler.clock
        self.admin(&router, "GET", "/_mock/clock") { request, _ in
            try Self.json(try self.service.clockState(apiKey: request.queryValue("api_key")))
        }
        self.admin(&router, "POST", "/_mock/clock/freeze") { _, _ in
            clock.freeze()
            return try Self.json(try self.service.clockState(apiKey: nil))
        }
        self.admin(&router, "POST", "/_mock/clock/unfreeze") { _, _ in
            clock.unfreeze()
            return try Self.json(try self.service.clockState(apiKey: nil))
        }
        self.admin(&router, "POST", "/_mock/clock/advance") { request, _ in
            let body = try Self.require(AdminModels.AdvanceRequest.self, request)
            // Seconds are checked as a Double first: converting a huge or non-finite value to Int64 would trap.
            let milliseconds =
                body.milliseconds
                ?? body.seconds.map { seconds in
                    let value = (seconds * 1000).rounded()
                    return value.isFinite && abs(value) <= Double(Self.maxAdvanceMs) ? Int64(value) : -1
                }
            guard let milliseconds, (0...Self.maxAdvanceMs).contains(milliseconds) else {
                throw AdminService.bad("give seconds or milliseconds, not negative, at most \(Self.maxAdvanceMs) ms")
            }
            let current = try AdminService.accountKey(body.apiKey).map { clock.now(account: $0) } ?? clock.now()
            guard milliseconds <= Self.latestClockMs - current else {
                throw AdminService.bad("the clock would pass \(Self.latestClockISO), the latest time it can show")
            }
            // Advancing applies every due transition before it returns (the scheduler observes the clock).
            if let apiKey = try AdminService.accountKey(body.apiKey) {
                clock.advance(account: apiKey, by: milliseconds)
            } else {
                clock.advance(by: milliseconds)
            }
            return try Self.json(try self.service.clockState(apiKey: body.apiKey))
        }
        self.admin(&router, "POST", "/_mock/clock/set") { request, _ in
            let body = try Self.require(AdminModels.SetClockRequest.self, request)
            guard body.now >= clock.now() else { throw AdminService.bad("the clock only moves forward") }
            guard body.now <= Self.latestClockMs else {
                throw AdminService.bad("now must be at most \(Self.latestClockMs) (\(Self.latestClockISO))")
            }
            clock.set(to: body.now)
            return try Self.json(try self.service.clockState(apiKey: nil))
        }
        self.admin(&router, "POST", "/_mock/clock/scale") { request, _ in
            let body = try Self.require(AdminModels.ScaleRequest.self, request)
            guard body.scale > 0 && body.scale.isFinite && body.scale <= 1_000_000 else {
                throw AdminService.bad("scale must be > 0 and at most 1000000")
            }
            clock.setScale(body.scale)
            return try Self.json(try self.service.clockState(apiKey: nil))
        }
    }

    private func registerProfiles(_ router: inout Router) {
        // Up to a thousand rows: stored by the writer in one transaction while the event loop serves others.
        self.adminLater(&router, "POST", "/_mock/profiles") { (request, _) throws(APIError) -> Operation in
            let batch = try self.service.prepare(try Self.require(AdminModels.CreateProfiles.self, request))
            return { reply in
                self.service.store(batch) { result in
                    reply(
                        result.flatMap { ids in
                            Result { () throws(APIError) in try Self.json(AdminModels.ProfileIDs(profileIDs: ids)) }
                        })
                }
            }
        }
        self.admin(&router, "GET", "/_mock/profiles/{profile_id}") { _, parameters in
            try Self.json(try self.service.detail(id: parameters["profile_id"] ?? ""))
        }
        self.adminWrite(&router, "POST", "/_mock/profiles/{profile_id}/force") { request, parameters in
            let body = try Self.require(AdminModels.ForceRequest.self, request)
            return try Self.json(
                try self.service.force(id: parameters["profile_id"] ?? "", status: body.status, message: body.message))
        }
    }

    private func registerCredits(_ router: inout Router) {
        // Off the event loop: the balance is read in the writer's order (`AdminService.balance`).
        self.adminWrite(&router, "GET", "/_mock/credits/{api_key}") { _, parameters in
            try Self.json(try self.service.balance(apiKey: parameters["api_key"] ?? ""))
        }
        self.adminWrite(&router, "PUT", "/_mock/credits/{api_key}") { request, parameters in
            let body = try Self.require(AdminModels.Balance.self, request)
            return try Self.json(
                try self.service.setBalance(apiKey: parameters["api_key"] ?? "", dollars: body.balance))
        }
    }

    private func registerJournal(_ router: inout Router) {
        let journal = self.service.journal
        self.admin(&router, "GET", "/_mock/journal") { request, _ in
            let filter = try Self.journalFilter(request)
            let limit =
                try request.queryValue("limit").map { text throws -> Int in
                    guard let value = Int(text), value > 0 else {
                        throw AdminService.bad("limit must be a positive integer")
                    }
                    return value
                } ?? 1000
            let entries = journal.list(filter, limit: limit).map(AdminModels.JournalEntryBody.init)
            return try Self.json(["entries": entries])
        }
        self.admin(&router, "GET", "/_mock/journal/count") { request, _ in
            try Self.json(["count": journal.count(try Self.journalFilter(request))])
        }
        self.admin(&router, "DELETE", "/_mock/journal") { request, _ in
            let filter = try Self.journalFilter(request)
            let before = journal.count(filter)
            journal.clear(filter)
            return try Self.json(["cleared": before])
        }
    }

    private func registerFaults(_ router: inout Router) {
        let faults = self.service.faults
        self.admin(&router, "GET", "/_mock/faults") { _, _ in try Self.json(["faults": faults.list()]) }
        self.admin(&router, "POST", "/_mock/faults") { request, _ in
            try Self.json(try faults.add(try Self.require(FaultRule.self, request)))
        }
        self.admin(&router, "DELETE", "/_mock/faults") { _, _ in
            let count = faults.list().count
            faults.clear()
            return try Self.json(["removed": count])
        }
        self.admin(&router, "DELETE", "/_mock/faults/{id}") { _, parameters in
            let id = parameters["id"] ?? ""
            guard faults.remove(id: id) else {
                throw APIError(status: .notFound, code: "NOT_FOUND", detail: "No fault rule \(id).")
            }
            return try Self.json(["removed": id])
        }
    }

    private func readiness(_ context: RequestContext) -> Reply {
        let state = self.service.storageState()
        guard state == .failing else { return .response(self.readiness(state)) }
        // Failing writes recover only when a write succeeds: each check while failing tries one.
        let promise = context.deferResponse()
        self.service.probeStorage { state in promise.succeed(self.readiness(state)) }
        return .deferred
    }

    private func readiness(_ storage: StorageState) -> HTTPResponse {
        let stopping = self.isStopping()
        let ready = storage == .ok && !stopping
        let body = [
            "status": ready ? "ready" : "not_ready", "storage": storage.rawValue,
            "migrations": storage == .unavailable ? "unknown" : "done",
            "scheduler": stopping ? "stopping" : "running",
        ]
        let text = (try? AdminModels.encoder.encode(body)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return .json(ready ? .ok : .serviceUnavailable, text)
    }

    // MARK: Plumbing

    /// The largest single clock advance (about 31,700 years), far from overflowing epoch milliseconds.
    static let maxAdvanceMs: Int64 = 1_000_000_000_000_000

    private typealias AdminHandler = @Sendable (HTTPRequest, PathParameters) throws -> HTTPResponse

    private func admin(_ router: inout Router, _ method: String, _ pattern: String, _ handler: @escaping AdminHandler) {
        router.add(method, pattern) { request, parameters, context in
            do {
                return .response(try handler(request, parameters))
            } catch {
                // Handlers throw only APIError; anything else would be a bug, answered as a 500.
                return .response(((error as? APIError) ?? .internalError).response(requestID: context.requestID))
            }
        }
    }

    /// Where control-plane calls that wait on a durable write run: the event loop hands them over and serves
    /// its other connections meanwhile, and one serial queue keeps such calls in the order they came.
    private static let writes = DispatchQueue(label: "phota.admin.writes")

    /// An admin route whose handler waits for the writer: run on `writes`, answered when done.
    private func adminWrite(
        _ router: inout Router, _ method: String, _ pattern: String, _ handler: @escaping AdminHandler
    ) {
        self.adminLater(&router, method, pattern) { request, parameters in
            { reply in
                Self.writes.async {
                    do {
                        reply(.success(try handler(request, parameters)))
                    } catch {
                        // Handlers throw only APIError; anything else would be a bug, answered as a 500.
                        reply(.failure((error as? APIError) ?? .internalError))
                    }
                }
            }
        }
    }

    /// Starts an admin operation whose answer comes later, from any thread.
    private typealias Operation =
        @Sendable (_ reply: @escaping @Sendable (Result<HTTPResponse, APIError>) -> Void) -> Void
    private typealias LaterHandler = @Sendable (HTTPRequest, PathParameters) throws(APIError) -> Operation

    /// An admin route whose handler checks the request at once (errors answer now) and returns the operation
    /// that answers later: the reply is deferred only once nothing can fail before it is sent.
    private func adminLater(
        _ router: inout Router, _ method: String, _ pattern: String, _ handler: @escaping LaterHandler
    ) {
        router.add(method, pattern) { request, parameters, context in
            let operation: Operation
            do throws(APIError) {
                operation = try handler(request, parameters)
            } catch {
                return .response(error.response(requestID: context.requestID))
            }
            let promise = context.deferResponse()
            let requestID = context.requestID
            operation { result in
                switch result {
                case .success(let response): promise.succeed(response)
                case .failure(let error): promise.succeed(error.response(requestID: requestID))
                }
            }
            return .deferred
        }
    }

    private static func journalFilter(_ request: HTTPRequest) throws(APIError) -> JournalFilter {
        var filter = JournalFilter(
            path: request.queryValue("path"), method: request.queryValue("method"),
            apiKey: request.queryValue("api_key"), route: request.queryValue("route"))
        if let status = request.queryValue("status") {
            guard let value = Int(status) else { throw AdminService.bad("status must be an integer") }
            filter.status = value
        }
        if let since = request.queryValue("since") {
            guard let value = Int64(since) else { throw AdminService.bad("since must be epoch milliseconds") }
            filter.since = value
        }
        return filter
    }

    private static func require<T: Decodable>(_ type: T.Type, _ request: HTTPRequest) throws(APIError) -> T {
        guard let value = try Self.decode(type, request) else { throw AdminService.bad("a JSON body is required") }
        return value
    }

    private static func decode<T: Decodable>(
        _ type: T.Type, _ request: HTTPRequest, emptyAllowed: Bool = false
    ) throws(APIError) -> T? {
        if request.body.isEmpty { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(request.body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw AdminService.bad("missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw AdminService.bad(
                "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
            )
        } catch let DecodingError.dataCorrupted(context) {
            throw AdminService.bad("invalid JSON body: \(context.debugDescription)")
        } catch {
            throw AdminService.bad("invalid JSON body")
        }
    }

    private static func json<T: Encodable>(_ value: T) throws(APIError) -> HTTPResponse {
        do {
            return .json(.ok, String(decoding: try AdminModels.encoder.encode(value), as: UTF8.self))
        } catch {
            throw APIError.internalError
        }
    }
}

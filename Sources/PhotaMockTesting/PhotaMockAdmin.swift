// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Glibc

/// A typed client of phota-mock's control plane (`/_mock`): every call is one blocking HTTP/1.1 request on a new
/// loopback connection, answered in well under a millisecond, so it is as usable from an `XCTestCase` as from an
/// `async` Swift Testing function. A non-2xx answer throws `PhotaMockError` (status and body); no answer throws
/// `PhotaMockTransportError`.
///
/// ```swift
/// let server = try PhotaMockServer(frozenClock: true)
/// try server.admin.advance(by: .seconds(3), apiKey: "suite-key")
/// ```
public struct PhotaMockAdmin: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    /// Sent as `X-Admin-Token` when the server was started with one.
    public let adminToken: String?
    let transport: HTTPTransport

    /// A client of the phota-mock listening on `host:port` (an IPv4 address), e.g. one started as a process.
    public init(port: UInt16, host: String = "127.0.0.1", adminToken: String? = nil, timeout: Duration = .seconds(30)) {
        self.transport = HTTPTransport(host: host, port: port, timeout: timeout)
        self.adminToken = adminToken
        self.baseURL = URL(string: "http://\(host):\(port)")!
    }

    // MARK: State

    /// `GET /_mock/health`: true while the server serves.
    public func health() throws -> Bool {
        try self.call("GET", "/_mock/health", as: [String: String].self)["status"] == "ok"
    }

    /// `POST /_mock/reset`: wipes one account (profiles, balance, journal entries, its fault rules, clock offset,
    /// jobs, deliveries, webhook secret), or everything when `apiKey` is nil. Returns what was reset (`"all"`).
    @discardableResult
    public func reset(apiKey: String? = nil) throws -> String {
        let body = apiKey.map { ["api_key": $0] } ?? [:]
        return try self.call("POST", "/_mock/reset", body: body, as: [String: String].self)["reset"] ?? ""
    }

    // MARK: Clock

    /// `GET /_mock/clock`: the global clock, or the one `apiKey`'s account sees (with its offset).
    public func clock(apiKey: String? = nil) throws -> MockClock {
        try self.call("GET", "/_mock/clock" + PercentEncoding.query([("api_key", apiKey)]), as: MockClock.self)
    }

    /// `POST /_mock/clock/freeze`: stops the global simulated clock.
    @discardableResult
    public func freeze() throws -> MockClock {
        try self.call("POST", "/_mock/clock/freeze", as: MockClock.self)
    }

    /// `POST /_mock/clock/unfreeze`: lets it follow the wall again, at its scale, from where it stood.
    @discardableResult
    public func unfreeze() throws -> MockClock {
        try self.call("POST", "/_mock/clock/unfreeze", as: MockClock.self)
    }

    /// `POST /_mock/clock/advance`: moves the global clock (or only `apiKey`'s account) forward by `duration`,
    /// to the millisecond; every transition that falls due is applied before it returns.
    @discardableResult
    public func advance(by duration: Duration, apiKey: String? = nil) throws -> MockClock {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Int64((Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded())
        return try self.call(
            "POST", "/_mock/clock/advance", body: AdvanceBody(milliseconds: milliseconds, apiKey: apiKey),
            as: MockClock.self)
    }

    /// `POST /_mock/clock/set`: moves the global clock to simulated epoch milliseconds (forward only).
    @discardableResult
    public func setClock(to epochMilliseconds: Int64) throws -> MockClock {
        try self.call("POST", "/_mock/clock/set", body: ["now": epochMilliseconds], as: MockClock.self)
    }

    /// `POST /_mock/clock/set` to `date` (forward only).
    @discardableResult
    public func setClock(to date: Date) throws -> MockClock {
        try self.setClock(to: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// `POST /_mock/clock/scale`: simulated seconds per real second (> 0).
    @discardableResult
    public func setScale(_ scale: Double) throws -> MockClock {
        try self.call("POST", "/_mock/clock/scale", body: ["scale": scale], as: MockClock.self)
    }

    // MARK: Credits

    /// `PUT /_mock/credits/{api_key}`: sets the balance in dollars; nil makes it unlimited.
    @discardableResult
    public func setCredit(_ dollars: Double?, apiKey: String) throws -> MockCredit {
        try self.call(
            "PUT", "/_mock/credits/" + PercentEncoding.encode(apiKey), body: MockCredit(apiKey: nil, balance: dollars),
            as: MockCredit.self)
    }

    /// `GET /_mock/credits/{api_key}`: the balance in dollars, nil = unlimited.
    public func credit(apiKey: String) throws -> MockCredit {
        try self.call("GET", "/_mock/credits/" + PercentEncoding.encode(apiKey), as: MockCredit.self)
    }

    // MARK: Faults

    /// `POST /_mock/faults`: adds a rule; returns it as stored, with its `id`.
    @discardableResult
    public func addFault(_ rule: FaultRuleSpec) throws -> FaultRuleSpec {
        try self.call("POST", "/_mock/faults", body: rule, as: FaultRuleSpec.self)
    }

    /// `POST /_mock/faults` with the rule as JSON text, exactly as sent.
    @discardableResult
    public func addFault(json: String) throws -> FaultRuleSpec {
        try self.call("POST", "/_mock/faults", json: json, as: FaultRuleSpec.self)
    }

    /// `GET /_mock/faults`: the rules in force, in the order they are tried.
    public func faults() throws -> [FaultRuleSpec] {
        try self.call("GET", "/_mock/faults", as: [String: [FaultRuleSpec]].self)["faults"] ?? []
    }

    /// `DELETE /_mock/faults/{id}`; a rule that is not there throws `PhotaMockError` 404 `NOT_FOUND`.
    public func removeFault(id: String) throws {
        _ = try self.send("DELETE", "/_mock/faults/" + PercentEncoding.encode(id), checked: true)
    }

    /// `DELETE /_mock/faults`: removes every rule; returns how many there were.
    @discardableResult
    public func clearFaults() throws -> Int {
        try self.call("DELETE", "/_mock/faults", as: [String: Int].self)["removed"] ?? 0
    }

    // MARK: Journal

    /// `GET /_mock/journal`: the recorded `/v1/phota` requests matching `filter`, oldest first (the newest
    /// `limit`; the server's default is 1000).
    public func journal(
        _ filter: MockJournalFilter = MockJournalFilter(), limit: Int? = nil
    ) throws
        -> [MockJournalEntry]
    {
        let query = PercentEncoding.query(filter.items + [("limit", limit.map(String.init))])
        return try self.call("GET", "/_mock/journal" + query, as: [String: [MockJournalEntry]].self)["entries"] ?? []
    }

    /// `GET /_mock/journal` with the filters as arguments.
    public func journal(
        path: String? = nil, route: String? = nil, method: String? = nil, status: Int? = nil, apiKey: String? = nil,
        since: Int64? = nil, limit: Int? = nil
    ) throws -> [MockJournalEntry] {
        try self.journal(
            MockJournalFilter(path: path, route: route, method: method, status: status, apiKey: apiKey, since: since),
            limit: limit)
    }

    /// `GET /_mock/journal/count`.
    public func journalCount(_ filter: MockJournalFilter = MockJournalFilter()) throws -> Int {
        try self.call(
            "GET", "/_mock/journal/count" + PercentEncoding.query(filter.items), as: [String: Int].self)["count"] ?? 0
    }

    /// `DELETE /_mock/journal`: removes the matching entries; returns how many.
    @discardableResult
    public func clearJournal(_ filter: MockJournalFilter = MockJournalFilter()) throws -> Int {
        try self.call("DELETE", "/_mock/journal" + PercentEncoding.query(filter.items), as: [String: Int].self)[
            "cleared"] ?? 0
    }

    // MARK: Profiles and fixtures

    /// `POST /_mock/profiles`: `count` profiles of `apiKey` created directly in `status` (final statuses stored
    /// as given; `VALIDATING`, `QUEUING` and `IN_PROGRESS` start a run there), at no charge. Returns their ids.
    public func createProfiles(
        apiKey: String, count: Int? = nil, status: String? = nil, tag: String? = nil, trainingTier: String? = nil,
        imageURLs: [String]? = nil, message: String? = nil
    ) throws -> [String] {
        try self.createProfiles(
            MockProfileBatch(
                apiKey: apiKey, count: count, status: status, tag: tag, trainingTier: trainingTier,
                imageURLs: imageURLs, message: message))
    }

    /// `POST /_mock/profiles` with a batch.
    public func createProfiles(_ batch: MockProfileBatch) throws -> [String] {
        try self.call("POST", "/_mock/profiles", body: batch, as: [String: [String]].self)["profile_ids"] ?? []
    }

    /// `GET /_mock/profiles/{id}`: the full record, history included.
    public func profile(_ id: String) throws -> MockProfile {
        try self.call("GET", "/_mock/profiles/" + PercentEncoding.encode(id), as: MockProfile.self)
    }

    /// `POST /_mock/profiles/{id}/force`: `READY`, `ERROR` or `INACTIVE` now; returns the record.
    @discardableResult
    public func forceProfile(_ id: String, status: String, message: String? = nil) throws -> MockProfile {
        var body = ["status": status]
        body["message"] = message
        return try self.call(
            "POST", "/_mock/profiles/" + PercentEncoding.encode(id) + "/force", body: body, as: MockProfile.self)
    }

    /// `POST /_mock/fixtures` with a scenario as JSON text (as in `fixtures/scenarios/*.json`).
    @discardableResult
    public func loadFixtures(json: String) throws -> MockFixturesLoaded {
        try self.call("POST", "/_mock/fixtures", json: json, as: [String: MockFixturesLoaded].self)["loaded"]!
    }

    /// `POST /_mock/fixtures` with a typed scenario.
    @discardableResult
    public func loadFixtures(_ scenario: MockScenario) throws -> MockFixturesLoaded {
        try self.call("POST", "/_mock/fixtures", body: scenario, as: [String: MockFixturesLoaded].self)["loaded"]!
    }

    // MARK: Jobs and callbacks

    /// `GET /_mock/jobs`: jobs, newest first (at most 1000), of one account or all.
    public func jobs(apiKey: String? = nil) throws -> [MockJob] {
        try self.call(
            "GET", "/_mock/jobs" + PercentEncoding.query([("api_key", apiKey)]), as: [String: [MockJob]].self)[
                "jobs"] ?? []
    }

    /// `GET /_mock/callbacks`: callback deliveries with every attempt, oldest first.
    public func callbacks(apiKey: String? = nil, jobID: String? = nil) throws -> [MockCallbackDelivery] {
        let query = PercentEncoding.query([("api_key", apiKey), ("job_id", jobID)])
        return try self.call("GET", "/_mock/callbacks" + query, as: [String: [MockCallbackDelivery]].self)[
            "deliveries"] ?? []
    }

    /// `GET /_mock/inbox/{name}`: the callbacks the inbox received, oldest first.
    public func inbox(_ name: String) throws -> [MockInboxCallback] {
        try self.call("GET", "/_mock/inbox/" + PercentEncoding.encode(name), as: MockInbox.self).callbacks
    }

    /// Polls `inbox(name)` (every 10 ms) until it holds at least `count` callbacks; callbacks go out over HTTP
    /// after the job ends, so they land a moment after the clock advance that finished the job.
    /// - Throws: `PhotaMockTimeoutError` when `timeout` passes first.
    public func waitForInbox(
        _ name: String, count: Int = 1, timeout: Duration = .seconds(10)
    ) throws
        -> [MockInboxCallback]
    {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let callbacks = try self.inbox(name)
            if callbacks.count >= count { return callbacks }
            guard clock.now < deadline else {
                throw PhotaMockTimeoutError(
                    description: "inbox \(name) held \(callbacks.count) callbacks after \(timeout), not \(count)")
            }
            Self.sleep(milliseconds: 10)
        }
    }

    /// The URL to give as `callback_url` to have a job's callbacks recorded in inbox `name`.
    public func inboxURL(_ name: String) -> URL {
        URL(string: self.baseURL.absoluteString + "/_mock/inbox/" + PercentEncoding.encode(name))!
    }

    /// `DELETE /_mock/inbox/{name}`: empties it; returns how many callbacks it held.
    @discardableResult
    public func clearInbox(_ name: String) throws -> Int {
        try self.call("DELETE", "/_mock/inbox/" + PercentEncoding.encode(name), as: [String: Int].self)["cleared"] ?? 0
    }

    /// `POST /_mock/webhook-secret/{api_key}/rotate`: a new signing secret for the account.
    @discardableResult
    public func rotateWebhookSecret(apiKey: String) throws -> MockWebhookSecret {
        try self.call(
            "POST", "/_mock/webhook-secret/" + PercentEncoding.encode(apiKey) + "/rotate", as: MockWebhookSecret.self)
    }

    // MARK: Other

    /// `GET /_mock/metrics`: Prometheus text.
    public func metrics() throws -> String {
        try self.send("GET", "/_mock/metrics", checked: true).text
    }

    /// Any request (the admin token added when there is one). `checked` throws `PhotaMockError` on a non-2xx answer;
    /// unchecked returns whatever came.
    public func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil, checked: Bool = false
    ) throws -> PhotaMockResponse {
        var fields = headers
        if let token = self.adminToken { fields.append(("X-Admin-Token", token)) }
        if body != nil, !fields.contains(where: { $0.0.lowercased() == "content-type" }) {
            fields.append(("Content-Type", "application/json"))
        }
        let response = try self.transport.send(method, path, headers: fields, body: body.map { Array($0.utf8) })
        if checked, !(200..<300).contains(response.status) {
            throw PhotaMockError(method: method, path: path, status: response.status, body: response.text)
        }
        return response
    }

    // MARK: Plumbing

    private struct AdvanceBody: Encodable {
        var milliseconds: Int64
        var apiKey: String?
        enum CodingKeys: String, CodingKey {
            case milliseconds
            case apiKey = "api_key"
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private func call<T: Decodable>(_ method: String, _ path: String, json: String? = nil, as type: T.Type) throws -> T
    {
        let response = try self.send(method, path, body: json, checked: true)
        return try JSONDecoder().decode(type, from: Data(response.body))
    }

    private func call<B: Encodable, T: Decodable>(
        _ method: String, _ path: String, body: B, as type: T.Type
    ) throws
        -> T
    {
        let text = String(decoding: try Self.encoder.encode(body), as: UTF8.self)
        return try self.call(method, path, json: text, as: type)
    }

    static func sleep(milliseconds: Int) {
        var pause = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var rest = timespec()
        while nanosleep(&pause, &rest) != 0 && errno == EINTR { pause = rest }
    }
}

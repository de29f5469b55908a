// SPDX-License-Identifier: Apache-2.0

/// One callback of a finished job: where it goes, what it carries, and every attempt so far.
public struct DeliveryRecord: Sendable, Equatable {
    public var id: String
    public var jobID: String
    public var apiKey: String
    public var url: String
    public var event: String
    /// The exact body every attempt sends.
    public var body: String
    /// `PENDING`, `DELIVERED` or `FAILED`.
    public var state: String
    /// The attempts as a JSON array, opaque to storage.
    public var attempts: String
    /// When the next attempt is due (the account's simulated epoch milliseconds); nil once settled.
    public var nextAttemptAt: Int64?
    public var createdAt: Int64

    public init(
        id: String, jobID: String, apiKey: String, url: String, event: String, body: String, state: String,
        attempts: String, nextAttemptAt: Int64?, createdAt: Int64
    ) {
        self.id = id
        self.jobID = jobID
        self.apiKey = apiKey
        self.url = url
        self.event = event
        self.body = body
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }
}

/// Rows of `deliveries`; the mutating functions belong on the writer.
public struct DeliveryRepository {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    static let columns = "id, job_id, api_key, url, event, body, state, attempts, next_attempt_at, created_at"

    /// Inserts a new delivery.
    /// - Throws: `DatabaseError`.
    public func insert(_ record: DeliveryRecord) throws {
        try self.db.prepare("INSERT INTO deliveries (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").run(
            record.id, record.jobID, record.apiKey, record.url, record.event, record.body, record.state,
            record.attempts, record.nextAttemptAt, record.createdAt)
    }

    /// Records an attempt's outcome: state, attempts and the next due time.
    /// - Throws: `DatabaseError`.
    public func update(_ record: DeliveryRecord) throws {
        try self.db.prepare("UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ? WHERE id = ?").run(
            record.state, record.attempts, record.nextAttemptAt, record.id)
    }

    /// Deliveries still to be attempted, oldest first.
    /// - Throws: `DatabaseError`.
    public func pending() throws -> [DeliveryRecord] {
        try self.select("WHERE state = 'PENDING' ORDER BY seq", [])
    }

    /// Deliveries, oldest first, optionally of one account and/or one job.
    /// - Throws: `DatabaseError`.
    public func list(apiKey: String?, jobID: String?) throws -> [DeliveryRecord] {
        var conditions: [String] = []
        var values: [String] = []
        if let apiKey {
            conditions.append("api_key = ?")
            values.append(apiKey)
        }
        if let jobID {
            conditions.append("job_id = ?")
            values.append(jobID)
        }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") + " "
        return try self.select(clause + "ORDER BY seq", values)
    }

    private func select(_ clause: String, _ values: [String]) throws -> [DeliveryRecord] {
        let statement = try self.db.prepare("SELECT \(Self.columns) FROM deliveries \(clause)")
        for (index, value) in values.enumerated() { try statement.bind(value, at: Int32(index + 1)) }
        var records: [DeliveryRecord] = []
        while try statement.step() {
            records.append(
                DeliveryRecord(
                    id: statement.string(at: 0), jobID: statement.string(at: 1), apiKey: statement.string(at: 2),
                    url: statement.string(at: 3), event: statement.string(at: 4), body: statement.string(at: 5),
                    state: statement.string(at: 6), attempts: statement.string(at: 7),
                    nextAttemptAt: statement.optionalInt64(at: 8), createdAt: statement.int64(at: 9)))
        }
        return records
    }
}

/// Rows of `webhook_secrets`: one secret per account.
public struct WebhookSecretRepository {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    /// The account's secret, if it has one.
    /// - Throws: `DatabaseError`.
    public func find(apiKey: String) throws -> String? {
        let statement = try self.db.prepare("SELECT secret FROM webhook_secrets WHERE api_key = ?")
        try statement.bind(apiKey)
        return try statement.firstRow { $0.string(at: 0) }
    }

    /// The account's secret, `candidate` stored first when it has none (so two first calls agree).
    /// - Throws: `DatabaseError`.
    public func findOrInsert(apiKey: String, candidate: String, createdAt: Int64) throws -> String {
        if let existing = try self.find(apiKey: apiKey) { return existing }
        try self.db.prepare("INSERT INTO webhook_secrets(api_key, secret, created_at) VALUES (?, ?, ?)").run(
            apiKey, candidate, createdAt)
        return candidate
    }

    /// Replaces the account's secret.
    /// - Throws: `DatabaseError`.
    public func replace(apiKey: String, secret: String, createdAt: Int64) throws {
        try self.db.prepare(
            """
            INSERT INTO webhook_secrets(api_key, secret, created_at) VALUES (?1, ?2, ?3)
            ON CONFLICT(api_key) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at
            """
        ).run(apiKey, secret, createdAt)
    }
}

extension DeliveryRepository {
    /// Whether the delivery is still stored (a reset deletes an account's deliveries).
    /// - Throws: `DatabaseError`.
    public func exists(id: String) throws -> Bool {
        let statement = try self.db.prepare("SELECT 1 FROM deliveries WHERE id = ?")
        try statement.bind(id)
        return try statement.firstRow { _ in true } ?? false
    }
}

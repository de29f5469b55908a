// SPDX-License-Identifier: Apache-2.0

/// A stored studio output: the description its images are rendered from, whose account, and until when
/// (the account's simulated epoch milliseconds) its download links are valid.
public struct StudioOutputRecord: Sendable, Equatable {
    public var id: String
    public var apiKey: String
    public var createdAt: Int64
    public var expiresAt: Int64
    /// The render description (JSON text), opaque to storage.
    public var spec: String

    public init(id: String, apiKey: String, createdAt: Int64, expiresAt: Int64, spec: String) {
        self.id = id
        self.apiKey = apiKey
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.spec = spec
    }
}

/// Rows of `studio_outputs`; inserts belong on the writer.
public struct StudioOutputRepository {
    let db: Database

    /// A repository over `db`.
    public init(_ db: Database) {
        self.db = db
    }

    /// Inserts a new output.
    /// - Throws: `DatabaseError` (a taken id among them).
    public func insert(_ record: StudioOutputRecord) throws {
        try self.db.prepare(
            "INSERT INTO studio_outputs(id, api_key, created_at, expires_at, spec) VALUES (?, ?, ?, ?, ?)"
        ).run(record.id, record.apiKey, record.createdAt, record.expiresAt, record.spec)
    }

    /// The output with this id, whoever's it is.
    /// - Throws: `DatabaseError`.
    public func find(id: String) throws -> StudioOutputRecord? {
        let statement = try self.db.prepare(
            "SELECT id, api_key, created_at, expires_at, spec FROM studio_outputs WHERE id = ?")
        try statement.bind(id)
        return try statement.firstRow { row in
            StudioOutputRecord(
                id: row.string(at: 0), apiKey: row.string(at: 1), createdAt: row.int64(at: 2),
                expiresAt: row.int64(at: 3), spec: row.string(at: 4))
        }
    }

    /// Number of outputs of `apiKey`.
    /// - Throws: `DatabaseError`.
    public func count(apiKey: String) throws -> Int {
        let statement = try self.db.prepare("SELECT count(*) FROM studio_outputs WHERE api_key = ?")
        try statement.bind(apiKey)
        return try statement.firstRow { Int($0.int64(at: 0)) } ?? 0
    }
}

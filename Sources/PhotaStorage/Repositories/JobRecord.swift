// SPDX-License-Identifier: Apache-2.0

/// A stored async studio job: what it renders and for whom, its state, and its outcome.
public struct JobRecord: Sendable, Equatable {
    public var id: String
    public var apiKey: String
    public var endpoint: String
    public var status: String
    /// The render description (JSON), opaque to storage.
    public var spec: String
    /// What an idempotent resubmit must equal to get this job back.
    public var requestKey: String
    public var clientRequestID: String?
    public var callbackURL: String?
    /// The host and port the client addressed, for the links and the poll URL.
    public var authority: String
    public var costMicros: Int64
    /// Whether the price was taken from a limited balance (and must be given back on failure).
    public var charged: Bool
    public var processingMs: Int64
    public var trigger: String?
    /// The `X-Request-Id` of the submit.
    public var requestID: String
    /// Simulated epoch milliseconds of the account.
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    /// The stored studio output of a job that succeeded.
    public var outputID: String?
    public var errorStatus: Int?
    public var errorCode: String?
    public var errorDetail: String?

    public init(
        id: String, apiKey: String, endpoint: String, status: String, spec: String, requestKey: String,
        clientRequestID: String?, callbackURL: String?, authority: String, costMicros: Int64, charged: Bool,
        processingMs: Int64, trigger: String?, requestID: String, createdAt: Int64, startedAt: Int64? = nil,
        finishedAt: Int64? = nil, outputID: String? = nil, errorStatus: Int? = nil, errorCode: String? = nil,
        errorDetail: String? = nil
    ) {
        self.id = id
        self.apiKey = apiKey
        self.endpoint = endpoint
        self.status = status
        self.spec = spec
        self.requestKey = requestKey
        self.clientRequestID = clientRequestID
        self.callbackURL = callbackURL
        self.authority = authority
        self.costMicros = costMicros
        self.charged = charged
        self.processingMs = processingMs
        self.trigger = trigger
        self.requestID = requestID
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outputID = outputID
        self.errorStatus = errorStatus
        self.errorCode = errorCode
        self.errorDetail = errorDetail
    }
}

/// Rows of `jobs`; the mutating functions belong on the writer.
public struct JobRepository {
    let db: Database

    public init(_ db: Database) {
        self.db = db
    }

    static let columns = """
        id, api_key, endpoint, status, spec, request_key, client_request_id, callback_url, authority, cost_micros,
        charged, processing_ms, trigger, request_id, created_at, started_at, finished_at, output_id, error_status,
        error_code, error_detail
        """

    /// Inserts a new job.
    /// - Throws: `DatabaseError` (a taken id, or a `client_request_id` the account already used).
    public func insert(_ job: JobRecord) throws {
        let statement = try self.db.prepare(
            "INSERT INTO jobs (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        try statement.bind(
            job.id, job.apiKey, job.endpoint, job.status, job.spec, job.requestKey, job.clientRequestID,
            job.callbackURL, job.authority, job.costMicros, job.charged ? Int64(1) : Int64(0), job.processingMs,
            job.trigger, job.requestID, job.createdAt, job.startedAt, job.finishedAt, job.outputID,
            job.errorStatus.map(Int64.init), job.errorCode, job.errorDetail)
        try statement.run()
    }

    /// Records a new state: the status and whichever of the later fields it sets.
    /// - Throws: `DatabaseError`.
    public func update(_ job: JobRecord) throws {
        try self.db.prepare(
            """
            UPDATE jobs SET status = ?, started_at = ?, finished_at = ?, output_id = ?, error_status = ?,
                error_code = ?, error_detail = ?
            WHERE id = ?
            """
        ).run(
            job.status, job.startedAt, job.finishedAt, job.outputID, job.errorStatus.map(Int64.init), job.errorCode,
            job.errorDetail, job.id)
    }

    /// The job with this id, whoever's it is.
    /// - Throws: `DatabaseError`.
    public func find(id: String) throws -> JobRecord? {
        let statement = try self.db.prepare("SELECT \(Self.columns) FROM jobs WHERE id = ?")
        try statement.bind(id)
        return try statement.firstRow(Self.record)
    }

    /// The account's job submitted with `clientRequestID`, if any.
    /// - Throws: `DatabaseError`.
    public func find(apiKey: String, clientRequestID: String) throws -> JobRecord? {
        let statement = try self.db.prepare(
            "SELECT \(Self.columns) FROM jobs WHERE api_key = ? AND client_request_id = ?")
        try statement.bind(apiKey, clientRequestID)
        return try statement.firstRow(Self.record)
    }

    /// Every job not finished yet, in submission order.
    /// - Throws: `DatabaseError`.
    public func active() throws -> [JobRecord] {
        let statement = try self.db.prepare(
            "SELECT \(Self.columns) FROM jobs WHERE status = 'QUEUED' OR status = 'RUNNING' ORDER BY seq")
        var records: [JobRecord] = []
        while try statement.step() { records.append(Self.record(statement)) }
        return records
    }

    /// The account's jobs (every account's when nil), newest first, at most `limit`.
    /// - Throws: `DatabaseError`.
    public func list(apiKey: String?, limit: Int) throws -> [JobRecord] {
        let statement: Statement
        if let apiKey {
            statement = try self.db.prepare(
                "SELECT \(Self.columns) FROM jobs WHERE api_key = ? ORDER BY seq DESC LIMIT ?")
            try statement.bind(apiKey, Int64(limit))
        } else {
            statement = try self.db.prepare("SELECT \(Self.columns) FROM jobs ORDER BY seq DESC LIMIT ?")
            try statement.bind(Int64(limit))
        }
        var records: [JobRecord] = []
        while try statement.step() { records.append(Self.record(statement)) }
        return records
    }

    static func record(_ row: Statement) -> JobRecord {
        JobRecord(
            id: row.string(at: 0), apiKey: row.string(at: 1), endpoint: row.string(at: 2), status: row.string(at: 3),
            spec: row.string(at: 4), requestKey: row.string(at: 5), clientRequestID: row.optionalString(at: 6),
            callbackURL: row.optionalString(at: 7), authority: row.string(at: 8), costMicros: row.int64(at: 9),
            charged: row.int64(at: 10) != 0, processingMs: row.int64(at: 11), trigger: row.optionalString(at: 12),
            requestID: row.string(at: 13), createdAt: row.int64(at: 14), startedAt: row.optionalInt64(at: 15),
            finishedAt: row.optionalInt64(at: 16), outputID: row.optionalString(at: 17),
            errorStatus: row.optionalInt64(at: 18).map { Int($0) }, errorCode: row.optionalString(at: 19),
            errorDetail: row.optionalString(at: 20))
    }
}

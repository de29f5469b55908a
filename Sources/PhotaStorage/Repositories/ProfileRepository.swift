// SPDX-License-Identifier: Apache-2.0

/// Profile rows and their status history, on one connection.
///
/// Reads work on any connection; the mutating functions belong on the writer
/// (`Storage.write`). Every statement comes from the connection's cache.
/// ```swift
/// let record = try storage.read { try ProfileRepository($0).find(apiKey: key, id: id) }
/// ```
public struct ProfileRepository {
    /// The statuses that are not final; the scheduler still has work for these.
    public static let activeStatuses = ["VALIDATING", "QUEUING", "IN_PROGRESS"]

    let db: Database

    /// A repository over `db`.
    public init(_ db: Database) {
        self.db = db
    }

    /// Inserts a profile at its `seq`, or at the next one when `seq` is 0.
    ///
    /// A record with a seq must carry the id `ProfileIDCodec` makes for it (as `ProfileIDGenerator`
    /// hands them out): then the insert is one statement. A record without one gets the next seq,
    /// and its id, which cannot encode that seq, is recorded in `profile_aliases` so that it is
    /// found all the same. The id must be new either way.
    /// - Returns: the row's `seq`.
    /// - Throws: `DatabaseError.constraintPrimaryKey` when the seq, or an aliased id, is taken
    ///   (then nothing is inserted).
    @discardableResult
    public func insert(_ record: ProfileRecord) throws -> Int64 {
        guard record.seq <= 0 else {
            try self.insertRow(record)
            return record.seq
        }
        return try self.db.transaction(.immediate) {
            try self.insertRow(record)
            let seq = self.db.lastInsertedRowID
            try self.db.prepare(Self.aliasInsertSQL).run(record.id, seq)
            return seq
        }
    }

    private func insertRow(_ record: ProfileRecord) throws {
        let statement = try self.db.prepare(Self.insertSQL)
        try record.bindInsert(to: statement)
        try statement.run()
    }

    /// Parameters 1…18 as `ProfileRecord.bindInsert` binds them; 19 is the seq, NULL for the next one.
    static let insertSQL = """
        INSERT INTO profiles (\(ProfileRecord.columns))
        VALUES (?19, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
        """
    static let aliasInsertSQL = "INSERT INTO profile_aliases(id, seq) SELECT ?1, ?2 WHERE profile_seq(?1) IS NOT ?2"

    /// The condition selecting the row of the id in parameter `n`: through `profile_aliases` when
    /// the id is there, else by the seq the id encodes; the id is compared too.
    static func rowOfID(parameter n: Int) -> String {
        "seq = coalesce((SELECT seq FROM profile_aliases WHERE id = ?\(n)), profile_seq(?\(n))) AND id = ?\(n)"
    }

    /// The profile `id` if it belongs to `apiKey`.
    /// - Throws: `DatabaseError`.
    public func find(apiKey: String, id: String) throws -> ProfileRecord? {
        let statement = try self.db.prepare(Self.findSQL)
        try statement.bind(id, apiKey)
        return try statement.firstRow(ProfileRecord.init(row:))
    }

    /// The ids of `apiKey`'s profiles in creation order, only those tagged `tag` when given.
    /// - Throws: `DatabaseError`.
    public func ids(apiKey: String, tag: String? = nil) throws -> [String] {
        let statement: Statement
        if let tag {
            statement = try self.db.prepare(Self.idsByTagSQL)
            try statement.bind(apiKey, tag)
        } else {
            statement = try self.db.prepare(Self.idsSQL)
            try statement.bind(apiKey)
        }
        var ids: [String] = []
        try statement.forEachRow { ids.append($0.string(at: 0)) }
        return ids
    }

    /// Deletes the profile `id` of `apiKey` and its history.
    /// - Returns: whether a profile was deleted.
    /// - Throws: `DatabaseError`.
    @discardableResult
    public func delete(apiKey: String, id: String) throws -> Bool {
        // The history is a column of the row, so it goes with it.
        try self.db.prepare(Self.deleteSQL).run(id, apiKey)
        guard self.db.changes > 0 else { return false }
        try self.db.prepare("DELETE FROM profile_aliases WHERE id = ?").run(id)
        return true
    }

    /// The non-final profiles in creation order (the scheduler's work list at start-up).
    /// - Throws: `DatabaseError`.
    public func active() throws -> [ProfileRecord] {
        let statement = try self.db.prepare(Self.activeSQL)
        var records: [ProfileRecord] = []
        try statement.forEachRow { records.append(ProfileRecord(row: $0)) }
        return records
    }

    /// How many profiles have `status`.
    /// - Throws: `DatabaseError`.
    public func count(status: String) throws -> Int {
        let statement = try self.db.prepare("SELECT COUNT(*) FROM profiles WHERE status = ?")
        try statement.bind(status)
        return try statement.firstRow { $0.int(at: 0) } ?? 0
    }

    /// Profile counts per status (statuses with no profile are absent), for metrics.
    /// - Throws: `DatabaseError`.
    public func countsByStatus() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try self.db.prepare("SELECT status, COUNT(*) FROM profiles GROUP BY status").forEachRow {
            counts[$0.string(at: 0)] = $0.int(at: 1)
        }
        return counts
    }

    /// The status history of profile `id`, oldest first (empty when there is no such profile).
    /// - Throws: `DatabaseError`.
    public func history(id: String) throws -> [Transition] {
        let statement = try self.db.prepare(Self.historySQL)
        try statement.bind(id)
        let text = try statement.firstRow { $0.string(at: 0) } ?? ""
        return HistoryText.decode(text, id: id)
    }

    // The hot queries, named so that the tests can check their plans.
    static let findSQL = "SELECT \(ProfileRecord.columns) FROM profiles WHERE \(rowOfID(parameter: 1)) AND api_key = ?2"
    static let deleteSQL = "DELETE FROM profiles WHERE \(rowOfID(parameter: 1)) AND api_key = ?2"
    static let idsSQL = "SELECT id FROM profiles WHERE api_key = ? ORDER BY seq"
    static let idsByTagSQL = "SELECT id FROM profiles WHERE api_key = ? AND tag = ? ORDER BY seq"
    // INDEXED BY pins the partial index: without ANALYZE statistics the planner prefers the
    // status index plus a sort, and a missing index should fail loudly rather than scan.
    static let activeSQL = """
        SELECT \(ProfileRecord.columns) FROM profiles INDEXED BY profiles_active
        WHERE status = 'VALIDATING' OR status = 'QUEUING' OR status = 'IN_PROGRESS' ORDER BY seq
        """
    static let historySQL = "SELECT history FROM profiles WHERE \(rowOfID(parameter: 1))"
}

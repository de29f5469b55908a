// SPDX-License-Identifier: Apache-2.0
@testable import PhotaStorage
import Testing

/// Every hot query must search an index, never scan the table: these stay O(log n) at a
/// million profiles.
@Suite struct QueryPlanTests {
    private func plan(_ sql: String) throws -> [String] {
        let db = try Database(path: ":memory:")
        try Migrator.phota.migrate(db)
        var details: [String] = []
        try db.prepare("EXPLAIN QUERY PLAN " + sql).forEachRow { details.append($0.string(at: 3)) }
        return details
    }

    @Test func findSearchesTheUniqueIdIndex() throws {
        #expect(try self.plan(ProfileRepository.findSQL) == ["SEARCH profiles USING INDEX sqlite_autoindex_profiles_1 (id=?)"])
    }

    @Test func listByKeyUsesCoveringIndexInSeqOrder() throws {
        #expect(try self.plan(ProfileRepository.idsSQL) == ["SEARCH profiles USING COVERING INDEX profiles_by_key (api_key=?)"])
    }

    @Test func listByKeyAndTagUsesCoveringIndexInSeqOrder() throws {
        #expect(
            try self.plan(ProfileRepository.idsByTagSQL)
                == ["SEARCH profiles USING COVERING INDEX profiles_by_key_tag (api_key=? AND tag=?)"])
    }

    @Test func activeWalksOnlyThePartialIndex() throws {
        // A SCAN of the partial index visits only non-final rows; no sort step is needed.
        #expect(try self.plan(ProfileRepository.activeSQL) == ["SCAN profiles USING INDEX profiles_active"])
    }

    @Test func historyReadsTheRowByIdIndex() throws {
        #expect(try self.plan(ProfileRepository.historySQL) == ["SEARCH profiles USING INDEX sqlite_autoindex_profiles_1 (id=?)"])
    }

    @Test func deleteAndStatusCountUseIndexes() throws {
        #expect(try self.plan("DELETE FROM profiles WHERE id = ? AND api_key = ?") == ["SEARCH profiles USING INDEX sqlite_autoindex_profiles_1 (id=?)"])
        #expect(try self.plan("SELECT COUNT(*) FROM profiles WHERE status = ?") == ["SEARCH profiles USING COVERING INDEX profiles_by_status (status=?)"])
    }

    @Test func transitionUpdateFindsTheRowByIdIndex() throws {
        #expect(try self.plan(ProfileRepository.applySQL) == ["SEARCH profiles USING INDEX sqlite_autoindex_profiles_1 (id=?)"])
    }

    @Test func profileWritesBuildNoTemporaryBTree() throws {
        // A partial index over `status IN (three values)` made every INSERT and UPDATE of a
        // profile build a temporary b-tree of those values first (version 3 replaced it).
        let db = try Database(path: ":memory:")
        try Migrator.phota.migrate(db)
        let insert = "INSERT INTO profiles (\(ProfileRecord.columns.dropFirst(5))) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        for sql in [insert, ProfileRepository.applySQL, "DELETE FROM profiles WHERE id = ? AND api_key = ?"] {
            var opcodes: [String] = []
            try db.prepare("EXPLAIN " + sql).forEachRow { opcodes.append($0.string(at: 1)) }
            #expect(!opcodes.isEmpty)
            #expect(!opcodes.contains("OpenEphemeral"), "\(sql)")
        }
    }

    @Test func resetDeletesByAccountThroughAnIndex() throws {
        let plan = try self.plan("DELETE FROM profiles WHERE api_key = ?")
        #expect(plan.count == 1)
        #expect(plan.allSatisfy { $0.hasPrefix("SEARCH profiles USING") && $0.hasSuffix("(api_key=?)") })
    }
}

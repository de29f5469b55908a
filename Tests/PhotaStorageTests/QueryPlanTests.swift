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

    @Test func historySearchesByProfile() throws {
        #expect(
            try self.plan(ProfileRepository.historySQL) == [
                "SEARCH transitions USING INDEX transitions_by_profile (profile_seq=?)", "SCALAR SUBQUERY 1",
                "SEARCH profiles USING COVERING INDEX sqlite_autoindex_profiles_1 (id=?)",
            ])
    }

    @Test func historyInsertFindsTheProfileByItsIdIndex() throws {
        #expect(
            try self.plan(ProfileRepository.historyInsertSQL) == ["SEARCH profiles USING COVERING INDEX sqlite_autoindex_profiles_1 (id=?)"])
    }

    @Test func deleteAndStatusCountUseIndexes() throws {
        #expect(try self.plan("DELETE FROM profiles WHERE id = ? AND api_key = ?") == ["SEARCH profiles USING INDEX sqlite_autoindex_profiles_1 (id=?)"])
        #expect(try self.plan("SELECT COUNT(*) FROM profiles WHERE status = ?") == ["SEARCH profiles USING COVERING INDEX profiles_by_status (status=?)"])
    }

    @Test func transitionUpdatesFindTheRowByIdIndex() throws {
        for status in ["VALIDATING", "QUEUING", "IN_PROGRESS", "READY", "ERROR", "INACTIVE"] {
            #expect(
                try self.plan(ProfileRepository.updateSQL(for: status))
                    == ["SEARCH profiles USING INDEX sqlite_autoindex_profiles_1 (id=?)"])
        }
    }

    @Test func mergedTransitionUpdateFindsTheRowByIdIndex() throws {
        #expect(
            try self.plan(ProfileRepository.mergedUpdateSQL) == ["SEARCH profiles USING INDEX sqlite_autoindex_profiles_1 (id=?)"])
    }

    @Test func resetDeletesByAccountThroughAnIndex() throws {
        let plan = try self.plan("DELETE FROM profiles WHERE api_key = ?")
        #expect(plan.count == 1)
        #expect(plan.allSatisfy { $0.hasPrefix("SEARCH profiles USING") && $0.hasSuffix("(api_key=?)") })
    }
}

import Testing

// SPDX-License-Identifier: Apache-2.0
@testable import PhotaStorage

/// Every hot query must search an index, never scan the table: these stay O(log n) at a
/// million profiles.
@Suite struct QueryPlanTests {
    private func plan(_ sql: String) throws -> [String] {
        let db = try Database.migratedInMemory()
        var details: [String] = []
        try db.prepare("EXPLAIN QUERY PLAN " + sql).forEachRow { details.append($0.string(at: 3)) }
        return details
    }

    /// Every lookup by id: the seq from the aliases or the id itself, then the row by primary key.
    static let byID = [
        "SEARCH profiles USING INTEGER PRIMARY KEY (rowid=?)", "SCALAR SUBQUERY 1",
        "SEARCH profile_aliases USING PRIMARY KEY (id=?)",
    ]

    @Test func findSearchesByTheSeqTheIdResolvesTo() throws {
        #expect(try self.plan(ProfileRepository.findSQL) == Self.byID)
        #expect(try self.plan(ProfileRepository.deleteSQL) == Self.byID)
    }

    @Test func listByKeyUsesCoveringIndexInSeqOrder() throws {
        #expect(
            try self.plan(ProfileRepository.idsSQL) == [
                "SEARCH profiles USING COVERING INDEX profiles_by_key (api_key=?)"
            ])
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

    @Test func historyReadsTheRowBySeq() throws {
        #expect(try self.plan(ProfileRepository.historySQL) == Self.byID)
    }

    @Test func statusCountUsesItsIndex() throws {
        #expect(
            try self.plan("SELECT COUNT(*) FROM profiles WHERE status = ?") == [
                "SEARCH profiles USING COVERING INDEX profiles_by_status (status=?)"
            ])
    }

    @Test func transitionUpdateFindsTheRowBySeq() throws {
        #expect(try self.plan(ProfileRepository.applySQL) == Self.byID)
    }

    @Test func profileWritesBuildNoTemporaryBTree() throws {
        // A partial index over `status IN (three values)` made every INSERT and UPDATE of a
        // profile build a temporary b-tree of those values first (version 3 replaced it).
        let db = try Database.migratedInMemory()
        for sql in [ProfileRepository.insertSQL, ProfileRepository.applySQL, ProfileRepository.deleteSQL] {
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

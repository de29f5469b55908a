// SPDX-License-Identifier: Apache-2.0
import PhotaStorage
import Testing

@Suite struct ProfileRepositoryTests {
    private func makeDatabase() throws -> Database {
        try Database.migratedInMemory()
    }

    @Test func insertAssignsSeqAndFindReturnsEveryColumn() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        var record = ProfileRecord.make(1, tag: "t")
        record.message = "m"
        record.queuedAt = 11
        record.trainingAt = 12
        record.finishedAt = 13
        record.failPhase = "training"
        record.failMessage = "no subject detected"
        #expect(try profiles.insert(record) == 1)
        #expect(try profiles.insert(.make(2)) == 2)
        record.seq = 1
        #expect(try profiles.find(apiKey: "key-a", id: record.id) == record)
    }

    @Test func findIsScopedToTheApiKey() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        try profiles.insert(.make(1, apiKey: "key-a"))
        #expect(try profiles.find(apiKey: "key-b", id: ProfileRecord.make(1).id) == nil)
        #expect(try profiles.find(apiKey: "key-a", id: ProfileRecord.make(9).id) == nil)
    }

    @Test func duplicateIdIsAUniqueViolation() throws {
        let db = try self.makeDatabase()
        try ProfileRepository(db).insert(.make(1))
        let error = try #require(throws: DatabaseError.self) {
            try ProfileRepository(db).insert(.make(1, apiKey: "other"))
        }
        #expect(error.resultCode == .constraintPrimaryKey)
        #expect(try ProfileRepository(db).ids(apiKey: "other") == [])
    }

    @Test func idsListsInCreationOrderFilteredByKeyAndTag() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        // Ids deliberately not in creation order, to show the order is seq, not id.
        try profiles.insert(.make(30, tag: "x"))
        try profiles.insert(.make(10))
        try profiles.insert(.make(20, tag: "x"))
        try profiles.insert(.make(40, apiKey: "key-b", tag: "x"))
        let hex = { (n: Int) in ProfileRecord.make(n).id }
        #expect(try profiles.ids(apiKey: "key-a") == [hex(30), hex(10), hex(20)])
        #expect(try profiles.ids(apiKey: "key-a", tag: "x") == [hex(30), hex(20)])
        #expect(try profiles.ids(apiKey: "key-a", tag: "y") == [])
        #expect(try profiles.ids(apiKey: "key-b") == [hex(40)])
        #expect(try profiles.ids(apiKey: "nobody") == [])
    }

    @Test func applyStampsPhaseColumnsAndAppendsHistory() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        let id = ProfileRecord.make(1).id
        try profiles.insert(.make(1, at: 1_000))
        let applied = try profiles.apply([
            Transition(profileID: id, status: "QUEUING", at: 3_000),
            Transition(profileID: ProfileRecord.make(99).id, status: "QUEUING", at: 3_000),
            Transition(profileID: id, status: "IN_PROGRESS", at: 8_000),
            Transition(profileID: id, status: "ERROR", at: 9_000, message: "no subject detected"),
        ])
        #expect(applied == 3)
        let record = try #require(try profiles.find(apiKey: "key-a", id: id))
        #expect(record.status == "ERROR")
        #expect(record.message == "no subject detected")
        #expect(record.statusAt == 9_000)
        #expect(record.validatingAt == 1_000)
        #expect(record.queuedAt == 3_000)
        #expect(record.trainingAt == 8_000)
        #expect(record.finishedAt == 9_000)
        #expect(
            try profiles.history(id: id) == [
                Transition(profileID: id, status: "QUEUING", at: 3_000),
                Transition(profileID: id, status: "IN_PROGRESS", at: 8_000),
                Transition(profileID: id, status: "ERROR", at: 9_000, message: "no subject detected"),
            ])
        #expect(try profiles.history(id: ProfileRecord.make(99).id) == [])
    }

    @Test func applyMergesInterleavedChangesPerProfileAndKeepsHistoryOrder() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        let (a, b, gone) = (ProfileRecord.make(1).id, ProfileRecord.make(2).id, ProfileRecord.make(99).id)
        try profiles.insert(.make(1, at: 1_000))
        var second = ProfileRecord.make(2, at: 1_000)
        second.status = "READY"
        second.finishedAt = 500
        try profiles.insert(second)
        let batch = [
            Transition(profileID: a, status: "QUEUING", at: 2_000),
            Transition(profileID: b, status: "VALIDATING", at: 2_500),
            Transition(profileID: gone, status: "QUEUING", at: 2_600),
            Transition(profileID: a, status: "IN_PROGRESS", at: 3_000),
            Transition(profileID: b, status: "QUEUING", at: 3_500),
            Transition(profileID: a, status: "READY", at: 4_000),
            Transition(profileID: gone, status: "READY", at: 4_100),
            Transition(profileID: a, status: "INACTIVE", at: 5_000, message: "paused"),
        ]
        #expect(try profiles.apply(batch) == 6)
        let first = try #require(try profiles.find(apiKey: "key-a", id: a))
        #expect(first.status == "INACTIVE")
        #expect(first.message == "paused")
        #expect(first.statusAt == 5_000)
        #expect(first.validatingAt == 1_000)
        #expect(first.queuedAt == 2_000)
        #expect(first.trainingAt == 3_000)
        #expect(first.finishedAt == 4_000)
        let other = try #require(try profiles.find(apiKey: "key-a", id: b))
        #expect(other.status == "QUEUING")
        #expect(other.message == nil)
        #expect(other.statusAt == 3_500)
        #expect(other.validatingAt == 2_500)
        #expect(other.queuedAt == 3_500)
        #expect(other.trainingAt == nil)
        #expect(other.finishedAt == 500)
        #expect(try profiles.history(id: a) == batch.filter { $0.profileID == a })
        #expect(try profiles.history(id: b) == batch.filter { $0.profileID == b })
        #expect(try profiles.history(id: gone) == [])
    }

    @Test func applyOfOneChangeEqualsApplyOfEachInTurn() throws {
        let merged = try self.makeDatabase()
        let single = try self.makeDatabase()
        let id = ProfileRecord.make(1).id
        try ProfileRepository(merged).insert(.make(1, at: 1_000))
        try ProfileRepository(single).insert(.make(1, at: 1_000))
        let batch = [
            Transition(profileID: id, status: "QUEUING", at: 2_000),
            Transition(profileID: id, status: "IN_PROGRESS", at: 3_000),
            Transition(profileID: id, status: "ERROR", at: 4_000, message: "no subject detected"),
        ]
        #expect(try ProfileRepository(merged).apply(batch) == 3)
        for transition in batch {
            #expect(try ProfileRepository(single).apply([transition]) == 1)
        }
        #expect(
            try ProfileRepository(merged).find(apiKey: "key-a", id: id)
                == ProfileRepository(single).find(apiKey: "key-a", id: id))
        #expect(try ProfileRepository(merged).history(id: id) == ProfileRepository(single).history(id: id))
    }

    @Test func applyInactiveChangesOnlyStatusFields() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        let id = ProfileRecord.make(1).id
        try profiles.insert(.make(1, at: 1_000))
        try profiles.apply([Transition(profileID: id, status: "READY", at: 5_000)])
        try profiles.apply([Transition(profileID: id, status: "INACTIVE", at: 7_000)])
        let record = try #require(try profiles.find(apiKey: "key-a", id: id))
        #expect(record.status == "INACTIVE")
        #expect(record.statusAt == 7_000)
        #expect(record.finishedAt == 5_000)
        #expect(record.queuedAt == nil)
        #expect(record.trainingAt == nil)
    }

    @Test func deleteRemovesRowAndHistoryOnlyForOwner() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        let id = ProfileRecord.make(1).id
        try profiles.insert(.make(1))
        try profiles.apply([Transition(profileID: id, status: "QUEUING", at: 2_000)])
        #expect(try profiles.delete(apiKey: "key-b", id: id) == false)
        #expect(try profiles.delete(apiKey: "key-a", id: id) == true)
        #expect(try profiles.delete(apiKey: "key-a", id: id) == false)
        #expect(try profiles.find(apiKey: "key-a", id: id) == nil)
        #expect(try profiles.history(id: id) == [])
        #expect(try db.prepare("SELECT COUNT(*) FROM profiles").firstRow { $0.int(at: 0) } == 0)
    }

    @Test func activeListsNonFinalProfilesInSeqOrder() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        for (n, status) in [
            (5, "READY"), (4, "QUEUING"), (3, "ERROR"), (2, "VALIDATING"), (1, "IN_PROGRESS"), (0, "INACTIVE"),
        ] {
            try profiles.insert(.make(n, status: status))
        }
        #expect(try profiles.active().map(\.status) == ["QUEUING", "VALIDATING", "IN_PROGRESS"])
        #expect(try profiles.active().map(\.seq) == [2, 4, 5])
    }

    @Test func countsByStatus() throws {
        let db = try self.makeDatabase()
        let profiles = ProfileRepository(db)
        for (n, status) in [(1, "READY"), (2, "READY"), (3, "QUEUING")] {
            try profiles.insert(.make(n, status: status))
        }
        #expect(try profiles.count(status: "READY") == 2)
        #expect(try profiles.count(status: "ERROR") == 0)
        #expect(try profiles.countsByStatus() == ["READY": 2, "QUEUING": 1])
    }
}

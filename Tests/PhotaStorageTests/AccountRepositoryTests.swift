// SPDX-License-Identifier: Apache-2.0
import PhotaStorage
import Testing

@Suite struct AccountRepositoryTests {
    private func makeDatabase() throws -> Database {
        try Database.migratedInMemory()
    }

    @Test func balanceDistinguishesMissingUnlimitedAndLimited() throws {
        let accounts = AccountRepository(try self.makeDatabase())
        #expect(try accounts.balance(apiKey: "k") == Int64??.none)
        try accounts.setBalance(apiKey: "k", micros: nil)
        #expect(try accounts.balance(apiKey: "k") == .some(nil))
        try accounts.setBalance(apiKey: "k", micros: 2_500_000)
        #expect(try accounts.balance(apiKey: "k") == .some(2_500_000))
    }

    @Test func insertProfileCreatesAccountWithDefaultAndDebits() throws {
        let db = try self.makeDatabase()
        let accounts = AccountRepository(db)
        let remaining = try accounts.insertProfile(.make(1), costMicros: 1_000_000, defaultBalance: 3_000_000)
        #expect(remaining == 2_000_000)
        #expect(try accounts.balance(apiKey: "key-a") == .some(2_000_000))
        #expect(try ProfileRepository(db).ids(apiKey: "key-a") == [ProfileRecord.make(1).id])
        #expect(try db.prepare("SELECT created_at FROM accounts").firstRow { $0.int64(at: 0) } == 1_000)
    }

    @Test func insertProfileRefusesWhenBalanceBelowCostAndWritesNothing() throws {
        let db = try self.makeDatabase()
        let accounts = AccountRepository(db)
        try accounts.setBalance(apiKey: "key-a", micros: 999_999)
        #expect(throws: StorageError.insufficientCredit(balance: 999_999, cost: 1_000_000)) {
            try accounts.insertProfile(.make(1), costMicros: 1_000_000, defaultBalance: nil)
        }
        #expect(try accounts.balance(apiKey: "key-a") == .some(999_999))
        #expect(try ProfileRepository(db).ids(apiKey: "key-a") == [])
        // A missing account created with a too-small default is not left behind either.
        #expect(throws: StorageError.insufficientCredit(balance: 5, cost: 10)) {
            try accounts.insertProfile(.make(2, apiKey: "key-new"), costMicros: 10, defaultBalance: 5)
        }
        #expect(try accounts.balance(apiKey: "key-new") == Int64??.none)
    }

    @Test func insertProfileChargesExactBalanceAndNeverDebitsUnlimited() throws {
        let db = try self.makeDatabase()
        let accounts = AccountRepository(db)
        try accounts.setBalance(apiKey: "key-a", micros: 10)
        #expect(try accounts.insertProfile(.make(1), costMicros: 10, defaultBalance: nil) == 0)
        #expect(try accounts.balance(apiKey: "key-a") == .some(0))
        #expect(try accounts.insertProfile(.make(2, apiKey: "key-u"), costMicros: 10, defaultBalance: nil) == nil)
        #expect(try accounts.balance(apiKey: "key-u") == .some(nil))
    }

    @Test func insertProfileWithDuplicateIdDoesNotDebit() throws {
        let db = try self.makeDatabase()
        let accounts = AccountRepository(db)
        try accounts.insertProfile(.make(1), costMicros: 1, defaultBalance: 10)
        #expect(throws: DatabaseError.self) { try accounts.insertProfile(.make(1), costMicros: 1, defaultBalance: 10) }
        #expect(try accounts.balance(apiKey: "key-a") == .some(9))
    }

    @Test func resetRemovesOneAccountAndResetAllEverything() throws {
        let db = try self.makeDatabase()
        let accounts = AccountRepository(db)
        let profiles = ProfileRepository(db)
        try accounts.insertProfile(.make(1, apiKey: "a"), costMicros: 0, defaultBalance: nil)
        try accounts.insertProfile(.make(2, apiKey: "b"), costMicros: 0, defaultBalance: nil)
        try profiles.apply([
            Transition(profileID: ProfileRecord.make(1).id, status: "QUEUING", at: 1),
            Transition(profileID: ProfileRecord.make(2).id, status: "QUEUING", at: 1),
        ])
        try accounts.reset(apiKey: "a")
        #expect(try accounts.balance(apiKey: "a") == Int64??.none)
        #expect(try profiles.ids(apiKey: "a") == [])
        #expect(try profiles.history(id: ProfileRecord.make(1).id) == [])
        #expect(try profiles.ids(apiKey: "b") == [ProfileRecord.make(2).id])
        #expect(try profiles.history(id: ProfileRecord.make(2).id).count == 1)
        try accounts.resetAll()
        #expect(try profiles.ids(apiKey: "b") == [])
        #expect(try accounts.balance(apiKey: "b") == Int64??.none)
        #expect(try db.prepare("SELECT COUNT(*) FROM profiles").firstRow { $0.int(at: 0) } == 0)
    }
}

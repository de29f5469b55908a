// SPDX-License-Identifier: Apache-2.0

/// Accounts (API keys and their credit), the credit-checked profile insert, and resets.
///
/// A NULL `credit_micros` means unlimited credit.
public struct AccountRepository {
    let db: Database

    /// A repository over `db`.
    public init(_ db: Database) {
        self.db = db
    }

    /// The balance of `apiKey`: `nil` when no account row exists, `.some(nil)` when unlimited.
    /// - Throws: `DatabaseError`.
    public func balance(apiKey: String) throws -> Int64?? {
        let statement = try self.db.prepare("SELECT credit_micros FROM accounts WHERE api_key = ?")
        try statement.bind(apiKey)
        return try statement.firstRow { $0.optionalInt64(at: 0) }
    }

    /// Creates or updates the account's balance (`nil` = unlimited).
    /// - Parameters:
    ///   - apiKey: the account.
    ///   - micros: the new balance in micro-units, or `nil` for unlimited.
    ///   - createdAt: recorded only when the row is created.
    /// - Throws: `DatabaseError`.
    public func setBalance(apiKey: String, micros: Int64?, createdAt: Int64? = nil) throws {
        try self.db.prepare(
            """
            INSERT INTO accounts(api_key, credit_micros, created_at) VALUES (?1, ?2, ?3)
            ON CONFLICT(api_key) DO UPDATE SET credit_micros = excluded.credit_micros
            """
        ).run(apiKey, micros, createdAt)
    }

    /// Atomically charges `costMicros` to the record's account and inserts the profile.
    ///
    /// A missing account is created with `defaultBalance` (at the record's `createdAt`). An
    /// unlimited balance is never debited.
    /// - Returns: the balance after the debit (`nil` = unlimited).
    /// - Throws: `StorageError.insufficientCredit` when a limited balance is below the cost (then
    ///   nothing at all is written, not even the new account); `DatabaseError` otherwise.
    @discardableResult
    public func insertProfile(_ record: ProfileRecord, costMicros: Int64, defaultBalance: Int64?) throws -> Int64? {
        try self.db.transaction(.immediate) {
            // Read first: the account nearly always exists, and then this is the only account statement.
            var current = try self.balance(apiKey: record.apiKey)
            if current == nil {
                try self.db.prepare("INSERT INTO accounts(api_key, credit_micros, created_at) VALUES (?, ?, ?)")
                    .run(record.apiKey, defaultBalance, record.createdAt)
                current = .some(defaultBalance)
            }
            var remaining: Int64? = nil
            if case .some(.some(let balance)) = current {
                guard balance >= costMicros else {
                    throw StorageError.insufficientCredit(balance: balance, cost: costMicros)
                }
                try self.db.prepare("UPDATE accounts SET credit_micros = credit_micros - ? WHERE api_key = ?")
                    .run(costMicros, record.apiKey)
                remaining = balance - costMicros
            }
            try ProfileRepository(self.db).insert(record)
            return remaining
        }
    }

    /// Atomically charges `costMicros` to `apiKey`, creating a missing account with `defaultBalance` (at
    /// `createdAt`). An unlimited balance is never debited.
    /// - Returns: the balance after the debit (`nil` = unlimited).
    /// - Throws: `StorageError.insufficientCredit` when a limited balance is below the cost (then nothing is
    ///   written); `DatabaseError` otherwise.
    @discardableResult
    public func charge(apiKey: String, costMicros: Int64, defaultBalance: Int64?, createdAt: Int64) throws -> Int64? {
        try self.db.transaction(.immediate) {
            var current = try self.balance(apiKey: apiKey)
            if current == nil {
                guard let defaultBalance else {
                    // Unlimited by default: the account needs no row until something limits it.
                    return nil
                }
                try self.db.prepare("INSERT INTO accounts(api_key, credit_micros, created_at) VALUES (?, ?, ?)")
                    .run(apiKey, defaultBalance, createdAt)
                current = .some(defaultBalance)
            }
            guard case .some(.some(let balance)) = current else { return nil }
            guard balance >= costMicros else {
                throw StorageError.insufficientCredit(balance: balance, cost: costMicros)
            }
            try self.db.prepare("UPDATE accounts SET credit_micros = credit_micros - ? WHERE api_key = ?")
                .run(costMicros, apiKey)
            return balance - costMicros
        }
    }

    /// Gives `costMicros` back to a limited balance (a charge whose work failed); unlimited or missing
    /// accounts are left as they are.
    /// - Throws: `DatabaseError`.
    public func refund(apiKey: String, costMicros: Int64) throws {
        try self.db.prepare(
            "UPDATE accounts SET credit_micros = credit_micros + ? WHERE api_key = ? AND credit_micros IS NOT NULL"
        ).run(costMicros, apiKey)
    }

    /// Deletes the account `apiKey`, its profiles (with their history), studio outputs, jobs, deliveries and
    /// webhook secret.
    /// - Throws: `DatabaseError`.
    public func reset(apiKey: String) throws {
        try self.db.transaction(.immediate) {
            try self.db.prepare("DELETE FROM profile_aliases WHERE id IN (SELECT id FROM profiles WHERE api_key = ?)")
                .run(apiKey)
            try self.db.prepare("DELETE FROM profiles WHERE api_key = ?").run(apiKey)
            try self.db.prepare("DELETE FROM studio_outputs WHERE api_key = ?").run(apiKey)
            try self.db.prepare("DELETE FROM jobs WHERE api_key = ?").run(apiKey)
            try self.db.prepare("DELETE FROM deliveries WHERE api_key = ?").run(apiKey)
            try self.db.prepare("DELETE FROM webhook_secrets WHERE api_key = ?").run(apiKey)
            try self.db.prepare("DELETE FROM accounts WHERE api_key = ?").run(apiKey)
        }
    }

    /// Deletes every account, profile (with its history), studio output, job, delivery and webhook secret.
    /// - Throws: `DatabaseError`.
    public func resetAll() throws {
        try self.db.transaction(.immediate) {
            try self.db.execute(
                "DELETE FROM profile_aliases; DELETE FROM profiles; DELETE FROM studio_outputs; DELETE FROM jobs; DELETE FROM deliveries; "
                    + "DELETE FROM webhook_secrets; DELETE FROM accounts;")
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaStorage
import Synchronization

/// Balances: read in the writer's order, set through the writer, announced to the rooms that remember them.
extension AdminService {
    func balance(apiKey: String) throws(APIError) -> AdminModels.Balance {
        _ = try Self.accountKey(apiKey)
        // Read by the writer, after every write queued before it: a job shown FAILED has its refund queued, and a
        // client that polled it and then asks for the balance must see the refund, not the snapshot before it.
        // When the writer cannot work (a full disk, a file replaced) nothing it queued will commit either, and a
        // plain read answers.
        let read: @Sendable (Database) throws -> Int64?? = { db in try AccountRepository(db).balance(apiKey: apiKey) }
        let stored: Int64??
        do {
            stored = try self.storage.writeSync(read)
        } catch {
            stored = try self.reading(read)
        }
        // No row yet: the account would start with the default balance.
        let micros: Int64? = stored ?? self.profiles.defaultBalance
        return AdminModels.Balance(apiKey: apiKey, balance: micros.map { Double($0) / 1_000_000 })
    }

    func setBalance(apiKey: String, dollars: Double?) throws(APIError) -> AdminModels.Balance {
        _ = try Self.accountKey(apiKey)
        // Bounded so that the conversion to micro-dollars cannot trap.
        if let dollars, !(dollars >= 0 && dollars <= 1e12) {
            throw Self.bad("balance must be a non-negative number or null, at most 1000000000000")
        }
        let micros = dollars.map { Int64(($0 * 1_000_000).rounded()) }
        try self.writing { db in try AccountRepository(db).setBalance(apiKey: apiKey, micros: micros) }
        for hook in self.balanceHooks.withLock({ $0 }) { hook(apiKey) }
        return try self.balance(apiKey: apiKey)
    }
}

// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaAPIKit
import PhotaCrypto
import PhotaScheduler
import PhotaStorage

/// One webhook secret per account, made on first use and kept in the database (so it survives restarts),
/// replaced only when rotated through `/_mock`.
public final class WebhookSecrets: Sendable {
    let storage: Storage
    let clock: SimulatedClock
    let logger: Logger

    init(storage: Storage, clock: SimulatedClock, logger: Logger) {
        self.storage = storage
        self.clock = clock
        self.logger = logger
    }

    /// `whsec_` and 64 lowercase hex digits (32 random bytes).
    static func newSecret() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = Array("whsec_".utf8)
        for byte in SecureRandom.bytes(32) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The account's secret, stored now if it has none; `completion` runs on any thread.
    func secret(apiKey: String, completion: @escaping @Sendable (Result<String, APIError>) -> Void) {
        if let existing = try? self.storage.read({ db in try WebhookSecretRepository(db).find(apiKey: apiKey) }) {
            return completion(.success(existing))
        }
        let candidate = Self.newSecret()
        let now = self.clock.now(account: apiKey)
        self.storage.write({ db in
            try WebhookSecretRepository(db).findOrInsert(apiKey: apiKey, candidate: candidate, createdAt: now)
        }) { [logger] result in
            switch result {
            case .success(let secret): completion(.success(secret))
            case .failure(let error):
                logger.error("webhook secret insert failed", metadata: ["error": "\(error)"])
                completion(.failure(.internalError))
            }
        }
    }

    /// Replaces the account's secret with a new one; `completion` gets it once stored.
    func rotate(apiKey: String, completion: @escaping @Sendable (Result<String, APIError>) -> Void) {
        let secret = Self.newSecret()
        let now = self.clock.now(account: apiKey)
        self.storage.write({ db in
            try WebhookSecretRepository(db).replace(apiKey: apiKey, secret: secret, createdAt: now)
        }) { [logger] result in
            switch result {
            case .success: completion(.success(secret))
            case .failure(let error):
                logger.error("webhook secret rotation failed", metadata: ["error": "\(error)"])
                completion(.failure(.internalError))
            }
        }
    }

    /// The stored secret, if any (for checking a signature).
    func existing(apiKey: String) -> String? {
        try? self.storage.read { db in try WebhookSecretRepository(db).find(apiKey: apiKey) }
    }
}

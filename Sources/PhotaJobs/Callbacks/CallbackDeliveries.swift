// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaHTTP
import PhotaOutbound
import PhotaScheduler
import PhotaStorage
import Synchronization

/// Delivers each finished job's callback: one signed `POST` to its `callback_url`, retried with exponential
/// back-off on the account's simulated clock until a `2xx` or the last attempt, every attempt recorded in the
/// database (so a restart resumes what was pending).
///
/// An attempt succeeds on any `2xx`; a non-`2xx` answer, a timeout, a refused or dropped connection fails it.
public final class CallbackDeliveries: Sendable {
    let storage: Storage
    let clock: SimulatedClock
    let alarms: AccountAlarms
    let secrets: WebhookSecrets
    let settings: JobSettings
    let faults: (any DeliveryFaults)?
    let logger: Logger
    private let client: OutboundClient

    init(
        storage: Storage, clock: SimulatedClock, alarms: AccountAlarms, secrets: WebhookSecrets, settings: JobSettings,
        faults: (any DeliveryFaults)?, logger: Logger
    ) {
        self.storage = storage
        self.clock = clock
        self.alarms = alarms
        self.secrets = secrets
        self.settings = settings
        self.faults = faults
        self.logger = logger
        // A receiver's redirect is not followed: a callback goes where it was told, or fails.
        self.client = OutboundClient(
            limits: OutboundLimits(
                maxConcurrent: 8, timeoutSeconds: settings.attemptTimeoutSeconds, maxBytes: 1 << 20, maxRedirects: 0))
    }

    /// The event a job's callback announces.
    static func event(for status: String) -> String {
        status == JobStatus.succeeded.rawValue ? "job.succeeded" : "job.failed"
    }

    /// The callback of a job that just finished, to be stored with the job's final state (one transaction, so
    /// a crash between the two cannot leave a finished job whose callback is never sent); nil without a URL.
    func record(for job: JobRecord, jobJSON: [UInt8]) -> DeliveryRecord? {
        guard let url = job.callbackURL else { return nil }
        let event = Self.event(for: job.status)
        let body = Array("{\"event\":\"\(event)\",\"job\":".utf8) + jobJSON + [UInt8(ascii: "}")]
        let now = self.clock.now(account: job.apiKey)
        return DeliveryRecord(
            id: DeliveryIDs.next(), jobID: job.id, apiKey: job.apiKey, url: url, event: event,
            body: String(decoding: body, as: UTF8.self), state: DeliveryState.pending.rawValue, attempts: "[]",
            nextAttemptAt: now, createdAt: now)
    }

    /// Makes the first attempt of a delivery once it is stored.
    func start(_ record: DeliveryRecord) {
        self.attempt(record, number: 1)
    }

    /// Schedules every delivery still pending in the database (after a restart) at its due time.
    func restore() throws {
        let pending = try self.storage.read { db in try DeliveryRepository(db).pending() }
        for record in pending {
            let number = DeliveryAttempts.count(record.attempts) + 1
            self.alarms.schedule(account: record.apiKey, at: record.nextAttemptAt ?? 0) { [self] in
                self.attempt(record, number: number)
            }
        }
    }

    private func attempt(_ record: DeliveryRecord, number: Int) {
        self.secrets.secret(apiKey: record.apiKey) { [self] secret in
            guard case .success(let secret) = secret else {
                return self.recorded(record, number: number, outcome: .failure("no webhook secret"), signature: nil)
            }
            let body = Array(record.body.utf8)
            let timestamp = ISOTimestamp.nowMilliseconds() / 1000
            let signature: String
            do {
                signature = try CallbackSignature.header(secret: secret, timestamp: timestamp, body: body)
            } catch {
                return self.recorded(record, number: number, outcome: .failure("\(error)"), signature: nil)
            }
            if let injected = self.faults?.injectedFailure(url: record.url, apiKey: record.apiKey) {
                let outcome: AttemptOutcome =
                    switch injected {
                    case .status(let status): .answered(status: status, latencyMs: 0)
                    case .connectionReset: .failure("connection lost (injected)")
                    }
                return self.recorded(record, number: number, outcome: outcome, signature: signature)
            }
            var request = OutboundRequest(
                method: "POST", url: record.url,
                headers: [
                    ("content-type", "application/json"), ("user-agent", "phota-mock"),
                    ("x-phota-signature", signature), ("x-phota-event", record.event),
                    ("x-phota-delivery", record.id), ("x-phota-attempt", String(number)),
                ], body: body, keptBodyBytes: 0)
            request.bodyStatuses = 100..<1000
            self.client.send(request) { [self] result in
                let outcome: AttemptOutcome =
                    switch result {
                    case .success(let response):
                        .answered(status: response.status, latencyMs: Self.milliseconds(response.elapsed))
                    case .failure(let error): .failure(error.description)
                    }
                self.recorded(record, number: number, outcome: outcome, signature: signature)
            }
        }
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Stores the attempt, then settles the delivery or schedules the next attempt.
    private func recorded(_ record: DeliveryRecord, number: Int, outcome: AttemptOutcome, signature: String?) {
        var updated = record
        updated.attempts = DeliveryAttempts.appending(
            record.attempts, DeliveryAttempts.entry(number: number, outcome: outcome, signature: signature))
        var retryAt: Int64?
        if outcome.isSuccess {
            updated.state = DeliveryState.delivered.rawValue
            updated.nextAttemptAt = nil
        } else if number < self.settings.maxAttempts {
            let due = self.clock.now(account: record.apiKey) &+ self.settings.retryDelayMs(after: number)
            updated.nextAttemptAt = due
            retryAt = due
        } else {
            updated.state = DeliveryState.failed.rawValue
            updated.nextAttemptAt = nil
        }
        let stored = updated
        let next = retryAt
        self.storage.write({ db in try DeliveryRepository(db).update(stored) }) { [self] result in
            if case .failure(let error) = result {
                self.logger.error("callback attempt record failed", metadata: ["error": "\(error)"])
            }
            guard let next else { return }
            self.alarms.schedule(account: stored.apiKey, at: next) { [self] in
                // A reset between attempts removed the delivery: nothing more to send.
                guard (try? self.storage.read({ db in try DeliveryRepository(db).exists(id: stored.id) })) == true
                else { return }
                self.attempt(stored, number: number + 1)
            }
        }
    }
}

/// A delivery's state: `PENDING` until an attempt got a `2xx` (`DELIVERED`) or the last one failed (`FAILED`).
enum DeliveryState: String {
    case pending = "PENDING"
    case delivered = "DELIVERED"
    case failed = "FAILED"
}

/// How one attempt ended.
enum AttemptOutcome: Sendable {
    case answered(status: Int, latencyMs: Double)
    case failure(String)

    var isSuccess: Bool {
        if case .answered(let status, _) = self { return (200..<300).contains(status) }
        return false
    }
}

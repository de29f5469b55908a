// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials

/// `GET /_mock/clock`: the simulated clock, global or as one account sees it.
public struct MockClock: Sendable, Hashable, Codable {
    /// Simulated epoch milliseconds.
    public var now: Int64
    /// `now` in ISO 8601 (`2030-03-17T17:46:40.000Z`).
    public var nowISO: String
    public var frozen: Bool
    /// Simulated seconds per real second.
    public var scale: Double
    /// The account asked about (nil for the global clock).
    public var apiKey: String?
    /// That account's offset from the global clock.
    public var offsetMs: Int64?

    enum CodingKeys: String, CodingKey {
        case now
        case nowISO = "now_iso"
        case frozen, scale
        case apiKey = "api_key"
        case offsetMs = "offset_ms"
    }

    public init(
        now: Int64, nowISO: String, frozen: Bool, scale: Double, apiKey: String? = nil, offsetMs: Int64? = nil
    ) {
        self.now = now
        self.nowISO = nowISO
        self.frozen = frozen
        self.scale = scale
        self.apiKey = apiKey
        self.offsetMs = offsetMs
    }

    /// `now` as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(self.now) / 1000) }
}

/// `GET /_mock/credits/{api_key}`: a prepaid balance in dollars, nil = unlimited.
public struct MockCredit: Sendable, Hashable, Codable {
    public var apiKey: String?
    public var balance: Double?

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
        case balance
    }

    public init(apiKey: String?, balance: Double?) {
        self.apiKey = apiKey
        self.balance = balance
    }

    // By hand so that an unlimited balance is sent as `"balance":null` rather than left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.apiKey, forKey: .apiKey)
        try container.encode(self.balance, forKey: .balance)
    }
}

/// One request `GET /_mock/journal` recorded.
public struct MockJournalEntry: Sendable, Hashable, Codable {
    public var sequence: UInt64
    /// Simulated epoch milliseconds.
    public var time: Int64
    public var apiKey: String?
    public var method: String
    public var path: String
    /// The route's pattern (`/v1/phota/profiles/{profile_id}/status`), nil for a path no route has.
    public var route: String?
    public var query: String
    public var status: Int
    public var latencyMs: Double
    public var requestID: String
    public var requestBody: String
    public var responseBody: String
    public var truncated: Bool

    enum CodingKeys: String, CodingKey {
        case sequence, time
        case apiKey = "api_key"
        case method, path, route, query, status
        case latencyMs = "latency_ms"
        case requestID = "request_id"
        case requestBody = "request_body"
        case responseBody = "response_body"
        case truncated
    }
}

/// The filters of `/_mock/journal`, `/_mock/journal/count` and `DELETE /_mock/journal`, each optional.
public struct MockJournalFilter: Sendable, Hashable {
    /// A path pattern (`*` one segment, `**` the rest).
    public var path: String?
    public var route: String?
    public var method: String?
    public var status: Int?
    public var apiKey: String?
    /// Simulated epoch milliseconds.
    public var since: Int64?

    public init(
        path: String? = nil, route: String? = nil, method: String? = nil, status: Int? = nil, apiKey: String? = nil,
        since: Int64? = nil
    ) {
        self.path = path
        self.route = route
        self.method = method
        self.status = status
        self.apiKey = apiKey
        self.since = since
    }

    var items: [(String, String?)] {
        [
            ("path", self.path), ("route", self.route), ("method", self.method),
            ("status", self.status.map(String.init)),
            ("api_key", self.apiKey), ("since", self.since.map(String.init)),
        ]
    }
}

/// `GET /_mock/profiles/{id}`: the full record of one profile (times are simulated epoch milliseconds).
public struct MockProfile: Sendable, Hashable, Codable {
    public var profileID: String
    public var apiKey: String
    public var tag: String?
    public var trainingTier: String
    public var imageURLs: [String]
    /// `VALIDATING`, `QUEUING`, `IN_PROGRESS`, `READY`, `ERROR` or `INACTIVE`.
    public var status: String
    public var message: String?
    public var createdAt: Int64
    public var statusAt: Int64
    public var validatingAt: Int64?
    public var queuedAt: Int64?
    public var trainingAt: Int64?
    public var finishedAt: Int64?
    public var plan: Plan
    /// Every status change after creation, in order.
    public var history: [HistoryEntry]

    public struct Plan: Sendable, Hashable, Codable {
        public var validatingMs: Int64
        public var queueMinMs: Int64
        public var trainingMs: Int64
        public var failPhase: String?
        public var failMessage: String?

        enum CodingKeys: String, CodingKey {
            case validatingMs = "validating_ms"
            case queueMinMs = "queue_min_ms"
            case trainingMs = "training_ms"
            case failPhase = "fail_phase"
            case failMessage = "fail_message"
        }
    }

    public struct HistoryEntry: Sendable, Hashable, Codable {
        public var status: String
        /// Simulated epoch milliseconds.
        public var at: Int64
        public var message: String?

        public init(status: String, at: Int64, message: String? = nil) {
            self.status = status
            self.at = at
            self.message = message
        }
    }

    enum CodingKeys: String, CodingKey {
        case profileID = "profile_id"
        case apiKey = "api_key"
        case tag
        case trainingTier = "training_tier"
        case imageURLs = "image_urls"
        case status, message
        case createdAt = "created_at"
        case statusAt = "status_at"
        case validatingAt = "validating_at"
        case queuedAt = "queued_at"
        case trainingAt = "training_at"
        case finishedAt = "finished_at"
        case plan, history
    }
}

/// Profiles to create in one `POST /_mock/profiles` (also a scenario's `profiles` entry).
public struct MockProfileBatch: Sendable, Hashable, Codable {
    public var apiKey: String
    /// How many (default 1, at most 1000).
    public var count: Int?
    /// The status they start in (default `READY`).
    public var status: String?
    public var tag: String?
    /// `fast` (default) or `standard`.
    public var trainingTier: String?
    public var imageURLs: [String]?
    /// The message of an `ERROR` profile.
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
        case count, status, tag
        case trainingTier = "training_tier"
        case imageURLs = "image_urls"
        case message
    }

    public init(
        apiKey: String, count: Int? = nil, status: String? = nil, tag: String? = nil, trainingTier: String? = nil,
        imageURLs: [String]? = nil, message: String? = nil
    ) {
        self.apiKey = apiKey
        self.count = count
        self.status = status
        self.tag = tag
        self.trainingTier = trainingTier
        self.imageURLs = imageURLs
        self.message = message
    }
}

/// A scenario for `POST /_mock/fixtures`: balances, then profiles, then fault rules.
public struct MockScenario: Sendable, Hashable, Codable {
    public var accounts: [MockCredit]?
    public var profiles: [MockProfileBatch]?
    public var faults: [FaultRuleSpec]?

    public init(accounts: [MockCredit]? = nil, profiles: [MockProfileBatch]? = nil, faults: [FaultRuleSpec]? = nil) {
        self.accounts = accounts
        self.profiles = profiles
        self.faults = faults
    }
}

/// What `POST /_mock/fixtures` created: `{"loaded": {"accounts", "profiles", "faults"}}`.
public struct MockFixturesLoaded: Sendable, Hashable, Codable {
    public var accounts: Int
    public var profiles: Int
    public var faults: Int

    public init(accounts: Int, profiles: Int, faults: Int) {
        self.accounts = accounts
        self.profiles = profiles
        self.faults = faults
    }
}

/// An async job as `GET /_mock/jobs`, a poll and a callback show it (times ISO 8601 on the account's clock).
public struct MockJob: Sendable, Hashable, Codable {
    public var jobID: String
    /// `QUEUED`, `RUNNING`, `SUCCEEDED` or `FAILED`.
    public var status: String
    public var endpoint: String
    public var pollURL: String
    public var clientRequestID: String?
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
    /// The synchronous call's `urls`-mode body (`SUCCEEDED` only).
    public var result: MockJSON?
    /// `FAILED` only.
    public var error: JobError?

    public struct JobError: Sendable, Hashable, Codable {
        public var status: Int
        public var detail: String
        public var code: String
        public var requestID: String

        enum CodingKeys: String, CodingKey {
            case status, detail, code
            case requestID = "request_id"
        }
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case status, endpoint
        case pollURL = "poll_url"
        case clientRequestID = "client_request_id"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case result, error
    }
}

/// A callback's body: `{"event": "job.succeeded" | "job.failed", "job": {…}}`.
public struct MockCallbackEvent: Sendable, Hashable, Codable {
    public var event: String
    public var job: MockJob
}

/// One callback delivery of `GET /_mock/callbacks`, with every attempt.
public struct MockCallbackDelivery: Sendable, Hashable, Codable {
    public var deliveryID: String
    public var jobID: String
    public var apiKey: String
    public var url: String
    public var event: String
    /// `PENDING`, `DELIVERED` or `FAILED`.
    public var state: String
    /// Simulated ISO time of the next retry, while `PENDING`.
    public var nextAttemptAt: String?
    public var attempts: [Attempt]
    /// The body as sent.
    public var body: MockJSON

    public struct Attempt: Sendable, Hashable, Codable {
        public var attempt: Int
        /// Wall-clock ISO time.
        public var at: String
        /// The receiver's status; nil when no answer came.
        public var status: Int?
        /// Why no answer came (`connection refused`, …).
        public var error: String?
        public var latencyMs: Double?
        /// The `X-Phota-Signature` sent.
        public var signature: String?

        enum CodingKeys: String, CodingKey {
            case attempt, at, status, error
            case latencyMs = "latency_ms"
            case signature
        }
    }

    enum CodingKeys: String, CodingKey {
        case deliveryID = "delivery_id"
        case jobID = "job_id"
        case apiKey = "api_key"
        case url, event, state
        case nextAttemptAt = "next_attempt_at"
        case attempts, body
    }

    /// The body as a typed callback.
    public var callback: MockCallbackEvent? { try? self.body.decode(MockCallbackEvent.self) }
}

/// A callback the inbox `/_mock/inbox/{name}` received.
public struct MockInboxCallback: Sendable, Hashable, Codable {
    /// Wall-clock ISO time.
    public var receivedAt: String
    /// `job.job_id` of the body.
    public var jobID: String?
    /// Whether `X-Phota-Signature` is the job's account's signature of the body.
    public var signatureValid: Bool
    /// The `x-phota-*` fields and `content-type`, names in lower case.
    public var headers: [String: String]
    /// The body as received (a string when it is not JSON).
    public var body: MockJSON

    enum CodingKeys: String, CodingKey {
        case receivedAt = "received_at"
        case jobID = "job_id"
        case signatureValid = "signature_valid"
        case headers, body
    }

    /// The body as a typed callback.
    public var callback: MockCallbackEvent? { try? self.body.decode(MockCallbackEvent.self) }
}

/// `GET /_mock/inbox/{name}`.
public struct MockInbox: Sendable, Hashable, Codable {
    public var name: String
    /// Oldest first.
    public var callbacks: [MockInboxCallback]
}

/// `POST /_mock/webhook-secret/{api_key}/rotate`: the account's new secret.
public struct MockWebhookSecret: Sendable, Hashable, Codable {
    public var apiKey: String
    /// `whsec_<64 hex>`.
    public var secret: String

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
        case secret
    }
}

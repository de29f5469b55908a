// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import PhotaHTTP

/// Request and response bodies of the `/_mock` admin API (snake_case JSON).
enum AdminModels {
    struct ResetRequest: Decodable {
        var apiKey: String?
        enum CodingKeys: String, CodingKey { case apiKey = "api_key" }
    }

    struct AdvanceRequest: Decodable {
        var seconds: Double?
        var milliseconds: Int64?
        var apiKey: String?
        enum CodingKeys: String, CodingKey { case seconds, milliseconds, apiKey = "api_key" }
    }

    struct ScaleRequest: Decodable {
        var scale: Double
    }

    struct SetClockRequest: Decodable {
        /// Epoch milliseconds.
        var now: Int64
    }

    struct ClockState: Encodable {
        var now: Int64
        var nowISO: String
        var frozen: Bool
        var scale: Double
        var apiKey: String?
        var offsetMs: Int64?
        enum CodingKeys: String, CodingKey {
            case now, nowISO = "now_iso", frozen, scale, apiKey = "api_key", offsetMs = "offset_ms"
        }
    }

    /// Creates `count` profiles directly in `status`.
    struct CreateProfiles: Codable {
        var apiKey: String
        var count: Int?
        var status: String?
        var tag: String?
        var trainingTier: String?
        var imageURLs: [String]?
        var message: String?
        enum CodingKeys: String, CodingKey {
            case apiKey = "api_key", count, status, tag, trainingTier = "training_tier", imageURLs = "image_urls",
                message
        }
    }

    struct ForceRequest: Decodable {
        var status: String
        var message: String?
    }

    struct Balance: Codable {
        var apiKey: String?
        /// Dollars; null = unlimited.
        var balance: Double?
        enum CodingKeys: String, CodingKey { case apiKey = "api_key", balance }

        // Written by hand so that an unlimited balance reads `"balance":null` rather than vanishing.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(self.apiKey, forKey: .apiKey)
            try container.encode(self.balance, forKey: .balance)
        }
    }

    struct ProfileIDs: Encodable {
        var profileIDs: [String]
        enum CodingKeys: String, CodingKey { case profileIDs = "profile_ids" }
    }

    struct HistoryEntry: Encodable {
        var status: String
        var at: Int64
        var message: String?
    }

    struct ProfileDetail: Encodable {
        var profileID: String
        var apiKey: String
        var tag: String?
        var trainingTier: String
        var imageURLs: [String]
        var status: String
        var message: String?
        var createdAt: Int64
        var statusAt: Int64
        var validatingAt: Int64?
        var queuedAt: Int64?
        var trainingAt: Int64?
        var finishedAt: Int64?
        var plan: Plan
        var history: [HistoryEntry]

        struct Plan: Encodable {
            var validatingMs: Int64
            var queueMinMs: Int64
            var trainingMs: Int64
            var failPhase: String?
            var failMessage: String?
            enum CodingKeys: String, CodingKey {
                case validatingMs = "validating_ms", queueMinMs = "queue_min_ms", trainingMs = "training_ms"
                case failPhase = "fail_phase", failMessage = "fail_message"
            }
        }

        enum CodingKeys: String, CodingKey {
            case profileID = "profile_id", apiKey = "api_key", tag, trainingTier = "training_tier", imageURLs =
                "image_urls"
            case status, message, createdAt = "created_at", statusAt = "status_at", validatingAt = "validating_at"
            case queuedAt = "queued_at", trainingAt = "training_at", finishedAt = "finished_at", plan, history
        }
    }

    struct JournalEntryBody: Encodable {
        var sequence: UInt64
        var time: Int64
        var apiKey: String?
        var method: String
        var path: String
        var route: String?
        var query: String
        var status: Int
        var latencyMs: Double
        var requestID: String
        var requestBody: String
        var responseBody: String
        var truncated: Bool
        enum CodingKeys: String, CodingKey {
            case sequence, time, apiKey = "api_key", method, path, route, query, status, latencyMs = "latency_ms"
            case requestID = "request_id", requestBody = "request_body", responseBody = "response_body", truncated
        }

        init(_ entry: JournalEntry) {
            self.sequence = entry.sequence
            self.time = entry.time
            self.apiKey = entry.apiKey
            self.method = entry.method
            self.path = entry.path
            self.route = entry.route
            self.query = entry.query
            self.status = entry.status
            self.latencyMs = Double(entry.latencyMicros) / 1000
            self.requestID = entry.requestID
            self.requestBody = entry.requestBody
            self.responseBody = entry.responseBody
            self.truncated = entry.truncated
        }
    }

    /// A scenario: accounts, profiles and fault rules to set up in one go (`fixtures/*.json`).
    struct Scenario: Codable {
        var accounts: [Balance]?
        var profiles: [CreateProfiles]?
        var faults: [FaultRule]?
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func iso(_ milliseconds: Int64) -> String {
        ISOTimestamp.format(milliseconds: milliseconds)
    }
}

// SPDX-License-Identifier: Apache-2.0

/// A fault rule as `POST /_mock/faults` takes it and `GET /_mock/faults` lists it (snake_case JSON).
///
/// ```swift
/// try server.admin.addFault(
///     FaultRuleSpec(method: "GET", path: "/v1/phota/profiles/*/status", times: 2, action: .error(status: 503)))
/// ```
public struct FaultRuleSpec: Sendable, Hashable, Codable {
    /// Assigned by the server when added (`fault-1`, …) unless given.
    public var id: String?
    /// Matches this method only (nil: any).
    public var method: String?
    /// Matches paths of this pattern only: `*` one segment, `**` the rest, `{name}` like `*` (nil: any).
    public var path: String?
    /// Matches one route, named by its pattern (`/v1/phota/profiles/{profile_id}/status`; nil: any).
    public var route: String?
    /// Matches this API key only (nil: any).
    public var apiKey: String?
    /// Fires on the next `times` matching requests, then is removed (nil: until removed).
    public var times: Int?
    /// Fires on this share of the matching requests (0–1).
    public var probability: Double?
    /// Seed of the rule's draws (probability, latency).
    public var seed: UInt64?
    public var latency: Latency?
    public var action: Action?
    /// A rule for callback deliveries to URLs starting with this text instead of requests.
    public var callbackURL: String?

    enum CodingKeys: String, CodingKey {
        case id, method, path, route
        case apiKey = "api_key"
        case times, probability, seed, latency, action
        case callbackURL = "callback_url"
    }

    public init(
        id: String? = nil, method: String? = nil, path: String? = nil, route: String? = nil, apiKey: String? = nil,
        times: Int? = nil, probability: Double? = nil, seed: UInt64? = nil, latency: Latency? = nil,
        action: Action? = nil, callbackURL: String? = nil
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.route = route
        self.apiKey = apiKey
        self.times = times
        self.probability = probability
        self.seed = seed
        self.latency = latency
        self.action = action
        self.callbackURL = callbackURL
    }

    /// Delay added before the (real or injected) answer, in milliseconds.
    public enum Latency: Sendable, Hashable, Codable {
        /// `{"type":"fixed","ms":…}`
        case fixed(ms: Double)
        /// `{"type":"uniform","min_ms":…,"max_ms":…}`
        case uniform(minMs: Double, maxMs: Double)
        /// `{"type":"lognormal","median_ms":…,"sigma":…}`
        case lognormal(medianMs: Double, sigma: Double)

        enum CodingKeys: String, CodingKey {
            case type, ms, minMs = "min_ms", maxMs = "max_ms", medianMs = "median_ms", sigma
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .type) {
            case "fixed": self = .fixed(ms: try container.decode(Double.self, forKey: .ms))
            case "uniform":
                self = .uniform(
                    minMs: try container.decode(Double.self, forKey: .minMs),
                    maxMs: try container.decode(Double.self, forKey: .maxMs))
            case "lognormal":
                self = .lognormal(
                    medianMs: try container.decode(Double.self, forKey: .medianMs),
                    sigma: try container.decode(Double.self, forKey: .sigma))
            case let other:
                throw DecodingError.dataCorruptedError(
                    forKey: .type, in: container, debugDescription: "unknown latency type \(other)")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .fixed(let ms):
                try container.encode("fixed", forKey: .type)
                try container.encode(ms, forKey: .ms)
            case .uniform(let low, let high):
                try container.encode("uniform", forKey: .type)
                try container.encode(low, forKey: .minMs)
                try container.encode(high, forKey: .maxMs)
            case .lognormal(let median, let sigma):
                try container.encode("lognormal", forKey: .type)
                try container.encode(median, forKey: .medianMs)
                try container.encode(sigma, forKey: .sigma)
            }
        }
    }

    /// What happens instead of the real answer.
    public enum Action: Sendable, Hashable, Codable {
        /// `{"type":"error","status":…}` with an optional `code`, `detail` and `retry_after`; not processed.
        case error(status: Int, code: String? = nil, detail: String? = nil, retryAfter: Int? = nil)
        /// `{"type":"reset"}`: processed, then the connection is reset.
        case reset
        /// `{"type":"empty"}`: processed, then closed without an answer.
        case empty
        /// `{"type":"truncate","bytes":…}`: processed, the answer cut after `bytes` (default half).
        case truncate(bytes: Int? = nil)

        enum CodingKeys: String, CodingKey { case type, status, code, detail, retryAfter = "retry_after", bytes }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .type) {
            case "error":
                self = .error(
                    status: try container.decode(Int.self, forKey: .status),
                    code: try container.decodeIfPresent(String.self, forKey: .code),
                    detail: try container.decodeIfPresent(String.self, forKey: .detail),
                    retryAfter: try container.decodeIfPresent(Int.self, forKey: .retryAfter))
            case "reset": self = .reset
            case "empty": self = .empty
            case "truncate": self = .truncate(bytes: try container.decodeIfPresent(Int.self, forKey: .bytes))
            case let other:
                throw DecodingError.dataCorruptedError(
                    forKey: .type, in: container, debugDescription: "unknown action type \(other)")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .error(let status, let code, let detail, let retryAfter):
                try container.encode("error", forKey: .type)
                try container.encode(status, forKey: .status)
                try container.encodeIfPresent(code, forKey: .code)
                try container.encodeIfPresent(detail, forKey: .detail)
                try container.encodeIfPresent(retryAfter, forKey: .retryAfter)
            case .reset: try container.encode("reset", forKey: .type)
            case .empty: try container.encode("empty", forKey: .type)
            case .truncate(let bytes):
                try container.encode("truncate", forKey: .type)
                try container.encodeIfPresent(bytes, forKey: .bytes)
            }
        }
    }
}

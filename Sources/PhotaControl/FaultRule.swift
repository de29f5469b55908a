// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import Glibc
import PhotaAPIKit
import PhotaScheduler

/// Added latency before the (real or injected) response.
public enum LatencyDistribution: Sendable, Equatable, Codable {
    case fixed(ms: Double)
    case uniform(minMs: Double, maxMs: Double)
    /// A log-normal with the given median and shape σ: mostly near the median, a long tail.
    case lognormal(medianMs: Double, sigma: Double)

    private enum CodingKeys: String, CodingKey {
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
                forKey: .type, in: container,
                debugDescription: "unknown latency type \(other); use fixed, uniform or lognormal")
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

    /// Draws one delay in milliseconds.
    func sample(_ random: inout SeededGenerator) -> Double {
        switch self {
        case .fixed(let ms): return max(0, ms)
        case .uniform(let low, let high): return max(0, low + (high - low) * random.unit())
        case .lognormal(let median, let sigma):
            // Box–Muller: a standard normal from two uniforms.
            let u1 = max(random.unit(), .leastNonzeroMagnitude)
            let u2 = random.unit()
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return max(0, median * exp(sigma * normal))
        }
    }
}

/// What happens instead of the real response.
public enum FaultAction: Sendable, Equatable, Codable {
    /// An error status with a Phota error body (and `Retry-After` for 429/503 when given or by default 1).
    case error(status: Int, code: String?, detail: String?, retryAfter: Int?)
    /// The connection is reset (TCP RST) without a response.
    case reset
    /// The connection is closed without a response.
    case empty
    /// The real response is cut after `bytes` bytes (default: half of it) and the connection closed.
    case truncate(bytes: Int?)

    private enum CodingKeys: String, CodingKey { case type, status, code, detail, retryAfter = "retry_after", bytes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "error":
            let status = try container.decode(Int.self, forKey: .status)
            guard (400...599).contains(status) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .status, in: container, debugDescription: "status must be 400–599")
            }
            self = .error(
                status: status, code: try container.decodeIfPresent(String.self, forKey: .code),
                detail: try container.decodeIfPresent(String.self, forKey: .detail),
                retryAfter: try container.decodeIfPresent(Int.self, forKey: .retryAfter)
            )
        case "reset": self = .reset
        case "empty": self = .empty
        case "truncate": self = .truncate(bytes: try container.decodeIfPresent(Int.self, forKey: .bytes))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown action type \(other); use error, reset, empty or truncate")
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

/// A fault rule: which requests it matches, how often it fires, and what it does.
public struct FaultRule: Sendable, Equatable, Codable {
    /// Assigned when added unless given.
    public var id: String?
    /// Matches this method only (nil: any).
    public var method: String?
    /// Matches paths of this pattern only (nil: any path under `/v1/phota`).
    public var path: PathPattern?
    /// Matches this API key only (nil: any).
    public var apiKey: String?
    /// Matches requests of this route only, named by its pattern as the router has it
    /// (`/v1/phota/profiles/{profile_id}/status`; nil: any).
    public var route: String?
    /// Fires on the next `times` matching requests, then is removed (nil: until removed).
    public var times: Int?
    /// Fires with this probability per matching request, drawn from the rule's seeded generator.
    public var probability: Double?
    /// Seed of the rule's generator (probability and latency draws); nil draws a random seed.
    public var seed: UInt64?
    public var latency: LatencyDistribution?
    public var action: FaultAction?
    /// A rule for callback deliveries instead of requests: it matches each delivery attempt whose URL starts
    /// with this text (and whose job is `api_key`'s, when given); `method`, `path` and `route` do not apply.
    /// Its `error` action makes the attempt fail with that status without sending it, `reset` and `empty` as a
    /// dropped connection; `latency` is not applied to deliveries.
    public var callbackURL: String?

    private enum CodingKeys: String, CodingKey {
        case id, method, path, route
        case apiKey = "api_key"
        case times, probability, seed, latency, action
        case callbackURL = "callback_url"
    }

    public init(
        id: String? = nil, method: String? = nil, path: PathPattern? = nil, apiKey: String? = nil, times: Int? = nil,
        probability: Double? = nil, seed: UInt64? = nil, latency: LatencyDistribution? = nil, action: FaultAction? = nil
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.apiKey = apiKey
        self.times = times
        self.probability = probability
        self.seed = seed
        self.latency = latency
        self.action = action
    }

    /// Why the rule cannot be used, or nil.
    public var problem: String? {
        if self.latency == nil && self.action == nil { return "a rule needs a latency, an action, or both" }
        if let times = self.times, times < 1 { return "times must be at least 1" }
        if let probability = self.probability, !(0...1).contains(probability) {
            return "probability must be between 0 and 1"
        }
        if let problem = self.latency?.problem { return problem }
        if let apiKey = self.apiKey, !APIKey.isWellFormed(apiKey) { return "api_key must be \(APIKey.rule)" }
        if self.callbackURL != nil {
            if self.method != nil || self.path != nil || self.route != nil {
                return "a callback_url rule matches deliveries, not requests: leave out method, path and route"
            }
            if self.action == nil { return "a callback_url rule needs an action" }
            if case .truncate = self.action { return "a callback_url rule's action is error, reset or empty" }
        }
        return nil
    }

    /// Whether the request matches; `route` (the request's route pattern) is asked for only by a rule naming one.
    func matches(method: String, path: String, apiKey: String?, route: () -> String?) -> Bool {
        guard self.callbackURL == nil, self.method.map({ $0.asciiUppercased().hasSameBytes(as: method) }) ?? true,
            self.path.map({ $0.matches(path) }) ?? true,
            self.apiKey.map({ rule in apiKey.map { rule.hasSameBytes(as: $0) } ?? false }) ?? true
        else { return false }
        guard let wanted = self.route else { return true }
        return route().map { wanted.hasSameBytes(as: $0) } ?? false
    }

    /// Whether a callback delivery to `url` of `apiKey`'s job matches (URL prefix compared by bytes).
    func matchesDelivery(url: String, apiKey: String) -> Bool {
        guard let prefix = self.callbackURL, url.utf8.starts(with: prefix.utf8) else { return false }
        return self.apiKey.map { $0.hasSameBytes(as: apiKey) } ?? true
    }
}

// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaScheduler
import Synchronization

/// What the injector decided for one request.
public struct FaultDecision: Sendable, Equatable {
    /// Delay before answering, in milliseconds (0: none).
    public let latencyMs: Double
    /// Replaces the real response, when set.
    public let action: FaultAction?
    /// The rule that fired.
    public let ruleID: String
}

/// The fault rules in force, matched in the order they were added; the first rule that matches and
/// fires decides. Rules with `times` count down and disappear at zero.
public final class FaultInjector: Sendable {
    private struct Entry: Sendable {
        var rule: FaultRule
        var random: SeededGenerator
    }

    private let state = Mutex<(entries: [Entry], nextID: Int)>(([], 1))

    public init() {}

    /// Adds a rule; returns it with its id.
    /// - Throws: `APIError` 422-style problem text when the rule is unusable.
    public func add(_ rule: FaultRule) throws(APIError) -> FaultRule {
        if let problem = rule.problem {
            throw APIError(status: .init(400), code: "BAD_REQUEST", detail: "Invalid fault rule: \(problem).")
        }
        return self.state.withLock { state in
            var rule = rule
            if rule.id == nil {
                rule.id = "fault-\(state.nextID)"
                state.nextID += 1
            }
            var system = SystemRandomNumberGenerator()
            state.entries.append(Entry(rule: rule, random: SeededGenerator(seed: rule.seed ?? system.next())))
            return rule
        }
    }

    /// The rules in force (with `times` as it stands now).
    public func list() -> [FaultRule] {
        self.state.withLock { $0.entries.map(\.rule) }
    }

    /// Removes a rule; false when no rule has that id.
    public func remove(id: String) -> Bool {
        self.state.withLock { state in
            let before = state.entries.count
            state.entries.removeAll { $0.rule.id == id }
            return state.entries.count != before
        }
    }

    /// Removes every rule, or only the rules bound to `apiKey`.
    public func clear(apiKey: String? = nil) {
        self.state.withLock { state in
            if let apiKey {
                state.entries.removeAll { $0.rule.apiKey?.hasSameBytes(as: apiKey) == true }
            } else {
                state.entries.removeAll()
            }
        }
    }

    /// Decides for one request; nil when no rule fires. Cheap when there are no rules.
    /// - Parameter route: the request's route pattern; computed at most once, and only for a rule naming a route.
    /// The fault for one callback delivery attempt, if a `callback_url` rule matches (counting its `times`).
    public func decideDelivery(url: String, apiKey: String) -> FaultAction? {
        self.state.withLock { state -> FaultAction? in
            if state.entries.isEmpty { return nil }
            for index in state.entries.indices where state.entries[index].rule.matchesDelivery(url: url, apiKey: apiKey)
            {
                if let probability = state.entries[index].rule.probability,
                    state.entries[index].random.unit() >= probability
                {
                    continue
                }
                let rule = state.entries[index].rule
                if let times = rule.times {
                    if times <= 1 {
                        state.entries.remove(at: index)
                    } else {
                        state.entries[index].rule.times = times - 1
                    }
                }
                return rule.action
            }
            return nil
        }
    }

    public func decide(
        method: String, path: String, apiKey: String?, route: () -> String? = { nil }
    ) -> FaultDecision? {
        var known: String??
        return self.state.withLock { state -> FaultDecision? in
            if state.entries.isEmpty { return nil }
            let routeOnce = { () -> String? in
                if let known { return known }
                let pattern = route()
                known = .some(pattern)
                return pattern
            }
            for index in state.entries.indices
            where state.entries[index].rule.matches(method: method, path: path, apiKey: apiKey, route: routeOnce) {
                if let probability = state.entries[index].rule.probability,
                    state.entries[index].random.unit() >= probability
                {
                    continue
                }
                let rule = state.entries[index].rule
                let latency = LatencyDistribution.clamped(rule.latency?.sample(&state.entries[index].random) ?? 0)
                if let times = rule.times {
                    if times <= 1 {
                        state.entries.remove(at: index)
                    } else {
                        state.entries[index].rule.times = times - 1
                    }
                }
                return FaultDecision(latencyMs: latency, action: rule.action, ruleID: rule.id ?? "")
            }
            return nil
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import Synchronization

/// Request counters and a latency histogram, rendered in the Prometheus text format (0.0.4).
public final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    public static let buckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct State: Sendable {
        var requests: [Key: Int] = [:]
        var bucketCounts = [Int](repeating: 0, count: Metrics.buckets.count)
        var latencyCount = 0
        var latencySum = 0.0
    }

    private let state = Mutex(State())

    public init() {}

    /// Counts one answered request.
    /// - Parameter route: the `route` label: the route's pattern, as the router names it.
    public func observe(route: String, method: String, status: Int, seconds: Double) {
        let bucket = Metrics.buckets.firstIndex { seconds <= $0 }
        self.state.withLock { state in
            state.requests[Key(route: route, method: method, status: status), default: 0] += 1
            if let bucket { state.bucketCounts[bucket] += 1 }
            state.latencyCount += 1
            state.latencySum += seconds
        }
    }

    /// The exposition text; `gauges` are added as given (name, help, labelled values).
    public func render(gauges: [Gauge]) -> String {
        let state = self.state.withLock { $0 }
        var out = "# HELP phota_mock_requests_total Requests answered, by route, method and status.\n"
        out += "# TYPE phota_mock_requests_total counter\n"
        for (key, count) in state.requests.sorted(by: {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }) {
            out +=
                "phota_mock_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP phota_mock_request_duration_seconds Time from request parsed to response queued.\n"
        out += "# TYPE phota_mock_request_duration_seconds histogram\n"
        var cumulative = 0
        for (index, bound) in Metrics.buckets.enumerated() {
            cumulative += state.bucketCounts[index]
            out += "phota_mock_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "phota_mock_request_duration_seconds_bucket{le=\"+Inf\"} \(state.latencyCount)\n"
        out += "phota_mock_request_duration_seconds_sum \(state.latencySum)\n"
        out += "phota_mock_request_duration_seconds_count \(state.latencyCount)\n"
        for gauge in gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            for (labels, value) in gauge.values {
                let rendered =
                    labels.isEmpty
                    ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
                out += "\(gauge.name)\(rendered) \(value)\n"
            }
        }
        return out
    }

    /// A label value as the exposition format quotes it: backslash, double quote and line feed escaped.
    private static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// A gauge computed at scrape time.
public struct Gauge: Sendable {
    public let name: String
    public let help: String
    public let values: [([(String, String)], Double)]

    public init(name: String, help: String, values: [([(String, String)], Double)]) {
        self.name = name
        self.help = help
        self.values = values
    }
}

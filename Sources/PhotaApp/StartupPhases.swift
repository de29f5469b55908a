// SPDX-License-Identifier: Apache-2.0
import Logging
import PhotaNet

/// How long each step of start-up took, logged once at `debug` when the server listens: a mock is started
/// per suite or per test, so where its milliseconds go is worth seeing without a profiler.
struct StartupPhases: Sendable {
    private var last = MonotonicTime.now()
    private(set) var phases: [(name: String, nanos: UInt64)] = []

    /// Ends the phase called `name` now.
    mutating func mark(_ name: String) {
        let now = MonotonicTime.now()
        self.phases.append((name, now - self.last))
        self.last = now
    }

    /// The phases as log metadata, in milliseconds with two decimals.
    var metadata: Logger.Metadata {
        var metadata = Logger.Metadata()
        for (name, nanos) in self.phases {
            let hundredths = (nanos + 5_000) / 10_000
            let fraction = hundredths % 100
            metadata["\(name).ms"] = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
        }
        return metadata
    }
}

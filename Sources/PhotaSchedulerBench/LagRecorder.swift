// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Collects, from the scheduler's sink, how late each transition was applied and how many are final.
final class LagRecorder: Sendable {
    private struct State {
        var lags: [Int64] = []
        var lagsAfterCreation: [Int64] = []
        var finals = 0
        var transitions = 0
    }

    private let state = Mutex(State())
    /// Transitions so far, readable without the lock by the CPU sampler.
    let count = Atomic<Int>(0)

    init(capacity: Int) {
        self.state.withLock { $0.lags.reserveCapacity(capacity) }
    }

    /// Records one batch: `lagNanoseconds` for each transition, how many of them were final, and whether
    /// creation had finished.
    func record(lagNanoseconds: [Int64], finals: Int, afterCreation: Bool) {
        self.state.withLock {
            $0.lags += lagNanoseconds
            if afterCreation { $0.lagsAfterCreation += lagNanoseconds }
            $0.finals += finals
            $0.transitions += lagNanoseconds.count
        }
        self.count.add(lagNanoseconds.count, ordering: .relaxed)
    }

    var finals: Int { self.state.withLock { $0.finals } }

    /// The lags (all, or only those applied once every profile was created), sorted ascending.
    func sortedLags(afterCreation: Bool = false) -> [Int64] {
        self.state.withLock { afterCreation ? $0.lagsAfterCreation : $0.lags }.sorted()
    }
}

// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Testing

@Suite struct JitterTests {
    private func plans(seed: UInt64, count: Int = 50) -> [Plan] {
        var timings = Timings.realistic
        timings.jitterPercent = 10
        let scheduler = Harness(settings: SchedulerSettings(timings: timings, seed: seed)).scheduler
        return (0..<count).map { index in
            scheduler.plan(
                apiKey: "k", tier: index.isMultiple(of: 2) ? .fast : .standard, tag: nil, imageURLs: Harness.goodURLs)
        }
    }

    @Test func sameSeedGivesSamePlans() {
        #expect(self.plans(seed: 7) == self.plans(seed: 7))
    }

    @Test func differentSeedGivesDifferentPlans() {
        #expect(self.plans(seed: 7) != self.plans(seed: 8))
    }

    @Test func jitterStaysWithinBoundsAndVaries() {
        let plans = self.plans(seed: 3, count: 200)
        let fast = plans.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
        #expect(fast.allSatisfy { (162_000...198_000).contains($0.trainingMs) })
        #expect(
            fast.allSatisfy {
                (18_000...22_000).contains($0.validatingMs) && (9_000...11_000).contains($0.queuingMinMs)
            })
        #expect(Set(fast.map(\.trainingMs)).count > 50)
    }

    @Test func noJitterGivesExactDurations() {
        let scheduler = Harness(settings: SchedulerSettings(timings: .realistic, seed: 5)).scheduler
        #expect(
            scheduler.plan(apiKey: "k", tier: .standard, tag: nil, imageURLs: Harness.goodURLs)
                == .make(20_000, 10_000, 480_000))
        #expect(
            scheduler.plan(apiKey: "k", tier: .fast, tag: nil, imageURLs: Harness.goodURLs)
                == .make(20_000, 10_000, 180_000))
    }

    @Test func generatorIsSplitMix64() {
        var generator = SeededGenerator(seed: 0)
        // Reference outputs of SplitMix64 seeded with 0.
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}

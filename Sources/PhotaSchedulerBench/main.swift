// SPDX-License-Identifier: Apache-2.0
// Trains N profiles, spread over many accounts and both tiers, through the real scheduler on the real
// running clock with its production timer, and reports: how late each transition was applied against
// its due time (p50/p99/max), the CPU the process used in the stretches where profiles only waited for
// their next deadline, and the throughput of submission. Run by bench/scheduler.sh:
//   PhotaSchedulerBench PRESET [PROFILES] [ACCOUNTS]
import Dispatch
import Foundation
import PhotaScheduler
import Synchronization

let arguments = CommandLine.arguments
guard arguments.count >= 2, let preset = TimingPreset(rawValue: arguments[1]) else {
    FileHandle.standardError.write(
        Data("usage: PhotaSchedulerBench realistic|default|instant [PROFILES] [ACCOUNTS]\n".utf8))
    exit(2)
}
let profiles = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let accounts = arguments.count > 3 ? Int(arguments[3]) ?? 5_000 : 5_000

var config = SchedulerConfig()
config.preset = preset
let settings = try config.settings(randomSeed: 1)

// Simulated `start` is wall `anchor` (taken just before the clock takes its own, so lags read at most
// a fraction of a microsecond high): a due time maps back to the wall instant it stands for.
let start: Int64 = 1_700_000_000_000
let anchor = CPUSampler.wall()
let clock = SimulatedClock(start: start, scale: 1, running: true, monotonicNanoseconds: { CPUSampler.wall() })
let recorder = LagRecorder(capacity: profiles * 3)
let owner = Mutex<Scheduler?>(nil)
let submitEnd = Atomic<UInt64>(UInt64.max)
let timer = CountingTimer(DispatchSchedulerTimer(clock: clock))
let scheduler = Scheduler(settings: settings, clock: clock, timer: timer) { batch in
    let now = CPUSampler.wall()
    // Due wall time of a transition: anchor + (at - start) ms; clocks carry no per-account offsets here.
    let lags = batch.map { Int64(bitPattern: now) &- Int64(bitPattern: anchor) &- ($0.at &- start) &* 1_000_000 }
    let finished = batch.filter { $0.status.isFinal }.map(\.profileID)
    recorder.record(
        lagNanoseconds: lags, finals: finished.count, afterCreation: now > submitEnd.load(ordering: .relaxed))
    // As the app does once a batch is stored: forget finished profiles.
    owner.withLock { $0 }?.evict(ids: finished)
}
owner.withLock { $0 = scheduler }

let sampler = CPUSampler(intervalMicroseconds: 10_000) { timer.activity.load(ordering: .relaxed) }
let urls = (1...5).map { "https://img.example.com/bench/\($0).jpg" }
let submitStart = CPUSampler.wall()
timer.activity.add(1, ordering: .relaxed)  // creating: not idle
for index in 0..<profiles {
    let key = "bench-\(index % accounts)"
    let tier: TrainingTier = (index / accounts) % 2 == 0 ? .fast : .standard
    let plan = scheduler.plan(apiKey: key, tier: tier, tag: nil, imageURLs: urls)
    try scheduler.submit(id: "p\(index)", apiKey: key, tier: tier, plan: plan)
}
submitEnd.store(CPUSampler.wall(), ordering: .relaxed)
timer.activity.add(1, ordering: .relaxed)
let submitSeconds = Double(CPUSampler.wall() - submitStart) / 1e9
while recorder.finals < profiles {
    usleep(20_000)
}
let runSeconds = Double(CPUSampler.wall() - submitStart) / 1e9
// A quiet second with nothing left: the timer is disarmed, nothing should run.
let quietCPU = CPUSampler.processCPU()
usleep(1_000_000)
let quietCPUms = Double(CPUSampler.processCPU() - quietCPU) / 1e6
let idle = sampler.stop()
let lags = recorder.sortedLags()
let lagsAfter = recorder.sortedLags(afterCreation: true)

func percentile(_ p: Double, _ lags: [Int64] = lags) -> Double {
    guard !lags.isEmpty else { return .nan }
    return Double(lags[min(lags.count - 1, Int((Double(lags.count) * p).rounded(.up)) - 1)]) / 1e6
}
let left = scheduler.snapshot().counts.values.reduce(0, +)
print(
    String(
        format:
            "preset=%@ profiles=%d accounts=%d transitions=%d submit_s=%.3f run_s=%.3f lag_p50_ms=%.3f lag_p99_ms=%.3f lag_max_ms=%.3f after_creation=%d lag_p99_after_creation_ms=%.3f idle_s=%.2f idle_cpu_ms=%.3f idle_cpu_pct=%.4f timer_firings=%d quiet_second_cpu_ms=%.3f left_in_memory=%d",
        preset.rawValue, profiles, accounts, lags.count, submitSeconds, runSeconds, percentile(0.50), percentile(0.99),
        Double(lags.last ?? 0) / 1e6, lagsAfter.count, percentile(0.99, lagsAfter), Double(idle.wall) / 1e9,
        Double(idle.cpu) / 1e6,
        idle.wall > 0 ? Double(idle.cpu) / Double(idle.wall) * 100 : 0, timer.firings.load(ordering: .relaxed),
        quietCPUms, left
    ))

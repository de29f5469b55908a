// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import Glibc
import Synchronization

/// Samples the process's CPU time and an activity counter every `interval`, on its own thread, so
/// that CPU used while no transition happens (profiles waiting for their next deadline) can be summed.
final class CPUSampler: Sendable {
    struct Sample {
        var wall: UInt64
        var cpu: UInt64
        var activity: Int
    }

    private let samples = Mutex<[Sample]>([])
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)

    /// CPU time of the whole process (every thread), in nanoseconds.
    static func processCPU() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func wall() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    /// Starts sampling `activity` (a counter, odd while busy) every `intervalMicroseconds`.
    init(intervalMicroseconds: UInt32, activity: @escaping @Sendable () -> Int) {
        let thread = Thread { [self] in
            while self.running.load(ordering: .relaxed) {
                let sample = Sample(wall: Self.wall(), cpu: Self.processCPU(), activity: activity())
                self.samples.withLock { $0.append(sample) }
                usleep(intervalMicroseconds)
            }
            self.finished.signal()
        }
        thread.start()
    }

    /// Stops sampling and returns (idle wall ns, idle CPU ns): the sum over sample intervals in which,
    /// and next to which, no transition was applied.
    func stop() -> (wall: UInt64, cpu: UInt64) {
        self.running.store(false, ordering: .relaxed)
        self.finished.wait()
        let samples = self.samples.withLock { $0 }
        var wall: UInt64 = 0
        var cpu: UInt64 = 0
        guard samples.count >= 4 else { return (0, 0) }
        for index in 1..<(samples.count - 2) {
            // Quiet before, during and after the interval (and not inside an activity, odd): nothing the
            // scheduler did is counted as idle.
            let quiet =
                samples[index - 1].activity == samples[index + 2].activity
                && samples[index].activity % 2 == 0
            guard quiet else { continue }
            wall += samples[index + 1].wall - samples[index].wall
            cpu += samples[index + 1].cpu - samples[index].cpu
        }
        return (wall, cpu)
    }
}

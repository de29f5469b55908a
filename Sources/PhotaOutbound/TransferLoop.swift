// SPDX-License-Identifier: Apache-2.0
internal import CCurl
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The one thread that drives every transfer of a client through libcurl's multi interface
/// (curl.se/libcurl/c/libcurl-multi.html): it starts waiting transfers while fewer than
/// ``OutboundLimits/maxConcurrent`` are in flight, performs, reports the finished ones, and sleeps in
/// `curl_multi_poll` until a socket, a libcurl timer or `curl_multi_wakeup` (a new request) wakes it.
/// No thread per transfer, and no CPU used while nothing happens.
final class TransferLoop: Sendable {
    /// A request waiting for a slot, with the closure its outcome goes to.
    struct Queued: Sendable {
        let request: OutboundRequest
        let completion: @Sendable (Result<OutboundResponse, OutboundError>) -> Void
    }

    private struct Queue {
        var pending: [Queued] = []
        var head = 0
        var stopping = false
    }

    private let library: CurlLibrary
    private let limits: OutboundLimits
    // Used by the loop thread only, except for curl_multi_wakeup, which libcurl lets any thread call.
    // Cleaned up in deinit, when neither the client nor the thread holds the loop any longer.
    nonisolated(unsafe) private let multi: UnsafeMutableRawPointer
    private let queue = Mutex(Queue())

    /// Creates the multi handle and starts the thread.
    /// - Throws: ``OutboundError/other`` when libcurl or the system cannot provide either.
    init(library: CurlLibrary, limits: OutboundLimits) throws(OutboundError) {
        guard let multi = phota_curl_multi_init(library.api) else {
            throw OutboundError.other.with("curl_multi_init failed")
        }
        self.library = library
        self.limits = limits
        self.multi = multi
        try self.startThread()
    }

    deinit {
        _ = phota_curl_multi_cleanup(self.library.api, self.multi)
    }

    /// Queues a request behind those already waiting and wakes the thread.
    func enqueue(_ queued: Queued) {
        self.queue.withLock { $0.pending.append(queued) }
        _ = phota_curl_multi_wakeup(self.library.api, self.multi)
    }

    /// Ends the thread: every transfer in flight or waiting completes with ``OutboundError/cancelled``.
    func stop() {
        self.queue.withLock { $0.stopping = true }
        _ = phota_curl_multi_wakeup(self.library.api, self.multi)
    }

    private func startThread() throws(OutboundError) {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                let loop = Unmanaged<TransferLoop>.fromOpaque(context!).takeRetainedValue()
                loop.run()
                return nil
            }, context)
        guard started == 0 else {
            Unmanaged<TransferLoop>.fromOpaque(context).release()
            throw OutboundError.other.with("pthread_create failed: \(started)")
        }
        pthread_detach(thread)
    }

    /// The thread's body: fill the free slots, perform, report; sleep only when nothing finished, since a
    /// finished transfer frees a slot a waiting one should take at once.
    private func run() {
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        while self.fill(&active) {
            var running: Int32 = 0
            _ = phota_curl_multi_perform(self.library.api, self.multi, &running)
            if self.reap(&active) > 0 { continue }
            // libcurl shortens the wait to its own next timeout (a transfer's deadline, a retry).
            _ = phota_curl_multi_poll(self.library.api, self.multi, 60_000)
        }
        self.cancel(active)
    }

    /// Starts waiting transfers while slots are free; false once the client has stopped.
    private func fill(_ active: inout [UnsafeMutableRawPointer: Transfer]) -> Bool {
        while true {
            let (batch, stopping) = self.take(upTo: self.limits.maxConcurrent - active.count)
            if stopping { return false }
            if batch.isEmpty { return true }
            for queued in batch { self.start(queued, &active) }
        }
    }

    /// Up to `count` waiting requests, oldest first, and whether the client has stopped.
    private func take(upTo count: Int) -> (batch: [Queued], stopping: Bool) {
        self.queue.withLock { queue in
            guard !queue.stopping else { return ([], true) }
            let end = min(queue.pending.count, queue.head + max(0, count))
            let batch = Array(queue.pending[queue.head..<end])
            queue.head = end
            if queue.head == queue.pending.count {
                queue.pending.removeAll(keepingCapacity: true)
                queue.head = 0
            }
            return (batch, false)
        }
    }

    /// Adds one transfer to the multi handle; one that cannot be set up is reported at once.
    private func start(_ queued: Queued, _ active: inout [UnsafeMutableRawPointer: Transfer]) {
        do {
            let transfer = try Transfer(
                queued.request, limits: self.limits, library: self.library, completion: queued.completion)
            guard phota_curl_multi_add_handle(self.library.api, self.multi, transfer.easy) == CURLM_OK else {
                return queued.completion(.failure(OutboundError.other.with("curl_multi_add_handle failed")))
            }
            active[transfer.easy] = transfer
        } catch {
            queued.completion(.failure(error))
        }
    }

    /// Reports every finished transfer; returns how many there were.
    private func reap(_ active: inout [UnsafeMutableRawPointer: Transfer]) -> Int {
        var reaped = 0
        var easy: UnsafeMutableRawPointer?
        var code = CURLE_OK
        while phota_curl_multi_next_done(self.library.api, self.multi, &easy, &code) == 1 {
            guard let handle = easy, let transfer = active.removeValue(forKey: handle) else { continue }
            _ = phota_curl_multi_remove_handle(self.library.api, self.multi, handle)
            transfer.completion(transfer.result(code))
            reaped += 1
        }
        return reaped
    }

    /// Completes everything in flight or waiting with ``OutboundError/cancelled``.
    private func cancel(_ active: [UnsafeMutableRawPointer: Transfer]) {
        for (handle, transfer) in active {
            _ = phota_curl_multi_remove_handle(self.library.api, self.multi, handle)
            transfer.completion(.failure(.cancelled))
        }
        let waiting = self.queue.withLock { queue in
            defer { queue.pending.removeAll() }
            return queue.pending[queue.head...]
        }
        for queued in waiting { queued.completion(.failure(.cancelled)) }
    }
}

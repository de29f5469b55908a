// SPDX-License-Identifier: Apache-2.0
import Glibc
import PhotaThreads
import Synchronization

/// SIGINT and SIGTERM, received synchronously by one thread with `sigwait`.
///
/// Both are blocked in every thread (the mask is set before any other thread exists and is
/// inherited), so a signal that arrives before a handler is set stays pending instead of killing
/// the process; SIGPIPE (writes also use MSG_NOSIGNAL) and SIGXFSZ are ignored.
final class ShutdownSignals: Sendable {
    /// The handler, or the signals that came before there was one; one lock so none is lost between.
    private let state = Mutex<(handler: (@Sendable (Int32) -> Void)?, pending: [Int32])>((nil, []))

    init() {
        signal(SIGPIPE, SIG_IGN)
        // A write past the file-size limit (RLIMIT_FSIZE) then fails with EFBIG, which SQLite reports
        // as an I/O error like a full disk, instead of the signal killing the server mid-commit.
        signal(SIGXFSZ, SIG_IGN)
        var set = Self.signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        OSThread.detach(name: "phota-signals") { [self] in
            var set = Self.signalSet()
            while true {
                var number: Int32 = 0
                guard sigwait(&set, &number) == 0 else { continue }
                let handler = self.state.withLock { state -> (@Sendable (Int32) -> Void)? in
                    if state.handler == nil { state.pending.append(number) }
                    return state.handler
                }
                handler?(number)
            }
        }
    }

    /// Sets what a signal does; a signal that came before is delivered now.
    func onSignal(_ handler: @escaping @Sendable (Int32) -> Void) {
        let earlier = self.state.withLock { state -> [Int32] in
            state.handler = handler
            defer { state.pending.removeAll() }
            return state.pending
        }
        for number in earlier { handler(number) }
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}

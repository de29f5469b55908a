// SPDX-License-Identifier: Apache-2.0
import Dispatch
import PhotaHTTP
import Synchronization

/// The way back for one in-process request that deferred: every promise it hands out delivers
/// here, the first reply is kept, and the caller blocks until it comes (or the wait ends).
final class InProcessReplyWaiter: ReplyPromiseFactory {
    private let reply = Mutex<HTTPResponse?>(nil)
    private let arrived = DispatchSemaphore(value: 0)

    func makePromise(token: UInt64) -> ReplyPromise {
        ReplyPromise { [self] response in self.deliver(response) }
    }

    /// The first reply, or nil when none came within `seconds`.
    func wait(seconds: Int) -> HTTPResponse? {
        guard self.arrived.wait(timeout: .now() + .seconds(seconds)) == .success else { return nil }
        return self.reply.withLock { $0 }
    }

    private func deliver(_ response: HTTPResponse) {
        let first = self.reply.withLock { reply in
            guard reply == nil else { return false }
            reply = response
            return true
        }
        if first { self.arrived.signal() }
    }
}

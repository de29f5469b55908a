// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The way back for a deferred reply: take one with `RequestContext.deferResponse()`, return
/// `.deferred`, and complete it later, from any thread.
///
/// One-shot: only the first `succeed` counts; later calls send nothing and return false, so a
/// completion handler that fires twice cannot answer twice. The server keeps a guard of its own
/// per request: a reply that comes after it stopped waiting (the deferred-reply deadline already
/// answered `504`, the connection closed, the responder answered at once after all) is dropped.
///
/// ```swift
/// let promise = context.deferResponse()
/// backend.add(request) { result in promise.succeed(.json(.ok, result.text)) }
/// return .deferred
/// ```
public final class ReplyPromise: Sendable {
    private let completed = Atomic<Bool>(false)
    private let deliver: @Sendable (HTTPResponse) -> Void

    /// - Parameter deliver: called once, with the first response passed to `succeed`.
    public init(_ deliver: @escaping @Sendable (HTTPResponse) -> Void) {
        self.deliver = deliver
    }

    /// Completes the exchange with `response` (dropped if the connection has closed meanwhile).
    /// - Returns: true for the call that completed the promise, false for any later one.
    @discardableResult
    public func succeed(_ response: HTTPResponse) -> Bool {
        guard !self.completed.exchange(true, ordering: .acquiringAndReleasing) else { return false }
        self.deliver(response)
        return true
    }

    /// True once `succeed` has been called.
    public var isCompleted: Bool { self.completed.load(ordering: .acquiring) }
}

/// Whatever owns connections makes the promises deferred replies travel through.
public protocol ReplyPromiseFactory: AnyObject, Sendable {
    /// A promise for the request `token` names. May be called from any thread, any number of times:
    /// the first reply for the token wins.
    func makePromise(token: UInt64) -> ReplyPromise
}

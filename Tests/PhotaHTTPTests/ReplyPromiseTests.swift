// SPDX-License-Identifier: Apache-2.0
import Dispatch
import PhotaHTTP
import Synchronization
import Testing

/// A promise delivers once, whoever calls `succeed` and however often.
@Suite struct ReplyPromiseTests {
    @Test func deliversTheFirstResponseOnly() {
        let delivered = Mutex<[Int]>([])
        let promise = ReplyPromise { response in delivered.withLock { $0.append(response.status.code) } }
        #expect(!promise.isCompleted)
        #expect(promise.succeed(HTTPResponse(status: .ok)))
        #expect(!promise.succeed(HTTPResponse(status: .notFound)))
        #expect(promise.isCompleted)
        #expect(delivered.withLock { $0 } == [200])
    }

    @Test func racingCompletionsDeliverExactlyOnce() {
        let delivered = Atomic<Int>(0)
        let winners = Atomic<Int>(0)
        for _ in 0..<200 {
            let promise = ReplyPromise { _ in delivered.add(1, ordering: .relaxed) }
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                if promise.succeed(HTTPResponse(status: .ok)) { winners.add(1, ordering: .relaxed) }
            }
        }
        #expect(delivered.load(ordering: .relaxed) == 200)
        #expect(winners.load(ordering: .relaxed) == 200)
    }
}

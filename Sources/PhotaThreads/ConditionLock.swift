// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#endif

/// A mutex with a condition variable, for a thread that sleeps until work arrives (`NSCondition`'s
/// shape, on pthreads).
public final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(self.mutex, nil)
        pthread_cond_init(self.condition, nil)
    }

    deinit {
        pthread_cond_destroy(self.condition)
        pthread_mutex_destroy(self.mutex)
        self.condition.deallocate()
        self.mutex.deallocate()
    }

    public func lock() { pthread_mutex_lock(self.mutex) }
    public func unlock() { pthread_mutex_unlock(self.mutex) }
    /// Releases the lock, sleeps until signalled (or spuriously), and takes it again.
    public func wait() { pthread_cond_wait(self.condition, self.mutex) }
    public func signal() { pthread_cond_signal(self.condition) }
    public func broadcast() { pthread_cond_broadcast(self.condition) }

    /// Runs `body` holding the lock.
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        self.lock()
        defer { self.unlock() }
        return try body()
    }
}

// SPDX-License-Identifier: Apache-2.0
import CPhotaShims

#if canImport(Glibc)
    import Glibc
#endif

/// A detached POSIX thread running one closure: the event loops, the writer and the checkpointer each
/// own one for the life of the server. (Foundation's `Thread` would pull Foundation into every module
/// that starts one, and with it ICU at start-up.)
public enum OSThread {
    private final class Box {
        let name: String
        let body: () -> Void

        init(name: String, body: @escaping () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Starts `body` on a new detached thread named `name` (at most 15 bytes are shown by `top -H`).
    /// - Returns: false when the system refuses a thread (`EAGAIN`), so the caller can report it.
    @discardableResult
    public static func detach(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(
            &thread, &attributes,
            { argument in
                let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
                _ = phota_set_thread_name(box.name)
                box.body()
                return nil
            }, box)
        if result != 0 { Unmanaged<Box>.fromOpaque(box).release() }
        return result == 0
    }

    /// Processors online, at least 1.
    public static var processorCount: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// An id of the calling thread, equal for the same thread and distinct between live threads.
    public static var currentID: UInt { UInt(pthread_self()) }
}

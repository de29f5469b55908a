// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#endif

/// What a non-blocking system call came to: a value, or "try again when ready".
public enum IOResult<T: Sendable>: Sendable {
    case done(T)
    case wouldBlock
}

/// Runs one system call the way every socket call here is run: retry `EINTR`, report `EAGAIN` as
/// `.wouldBlock`, and capture errno immediately into a `SocketError` (NIO's `syscall(blocking:)`).
///
/// - Parameters:
///   - name: the call's name, for the error.
///   - body: the call; a negative result means failure.
/// - Throws: `SocketError` for every failure but `EINTR` and `EAGAIN`.
@inline(__always)
public func syscall<T: FixedWidthInteger & Sendable>(_ name: String, _ body: () -> T) throws(SocketError) -> IOResult<T>
{
    while true {
        let result = body()
        if result >= 0 { return .done(result) }
        let err = errno
        switch err {
        case EINTR: continue
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EBADF, EFAULT:
            // Only a bug in this process produces these: a closed or foreign descriptor, a bad pointer.
            preconditionFailure("\(name) failed with errno \(err): programming error")
        default: throw SocketError(call: name, errno: err)
        }
    }
}

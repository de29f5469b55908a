// getrandom itself: CCrypto.h brings in glibc's <sys/random.h>, which the Glibc module does not include.
internal import CCrypto
// SPDX-License-Identifier: Apache-2.0
import Glibc

/// Random bytes from the kernel's generator (`getrandom(2)`), for keys and nonces: no library to load, no
/// file descriptor to keep open, and it blocks only until the pool is first initialized at boot.
public enum SecureRandom {
    /// `count` random bytes (none when `count` is 0 or less).
    ///
    /// Stops the process if the kernel has no `getrandom` (Linux before 3.17): a weaker fallback would
    /// silently weaken every key made with it.
    public static func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            var filled = 0
            // Up to 256 bytes come in one call; larger requests may return short or be interrupted by a signal.
            while filled < buffer.count {
                let read = getrandom(buffer.baseAddress! + filled, buffer.count - filled, 0)
                if read > 0 {
                    filled += read
                } else if read < 0 && errno != EINTR {
                    fatalError("getrandom failed: errno \(errno)")
                }
            }
        }
        return bytes
    }
}

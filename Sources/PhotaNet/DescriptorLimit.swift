// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#endif

/// The process's file-descriptor limit (`RLIMIT_NOFILE`) and how much of it is in use.
///
/// A server that runs out of descriptors must refuse or delay work, never crash; that takes
/// knowing the limit, raising it as far as allowed, and counting what start-up already opened.
public enum DescriptorLimit {
    /// The soft limit: descriptors numbered at or above it cannot be opened.
    public static var soft: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return Int(Int32.max) }
        return Self.clamp(limit.rlim_cur)
    }

    /// Raises the soft limit to the hard one (the usual soft 1024 is a relic of `select(2)`, which
    /// nothing here uses; the hard limit is what the administrator allows).
    /// - Returns: the soft limit now in force.
    @discardableResult
    public static func raiseSoftToHard() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return Self.soft }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised)
        }
        return Self.soft
    }

    /// How many descriptors are open now: the entries of `/proc/self/fd` (less the one reading it),
    /// or, without `/proc`, a probe of every number below the soft limit (up to 65,536).
    public static func openCount() -> Int {
        if let directory = opendir("/proc/self/fd") {
            defer { closedir(directory) }
            var count = 0
            while let entry = readdir(directory) {
                if entry.pointee.d_name.0 != CChar(UInt8(ascii: ".")) { count += 1 }
            }
            return count - 1  // the directory's own descriptor
        }
        return (0..<Int32(min(Self.soft, 65_536))).reduce(0) { $0 + (fcntl($1, F_GETFD) >= 0 ? 1 : 0) }
    }

    private static func clamp(_ value: rlim_t) -> Int {
        value >= rlim_t(Int32.max) ? Int(Int32.max) : Int(value)
    }
}

// SPDX-License-Identifier: Apache-2.0
import CPhotaShims

/// How the C allocator serves large blocks, set once at start.
public enum AllocatorPolicy {
    /// Blocks of this size and more get a mapping of their own, returned to the system when freed.
    public static let mmapThreshold: Int32 = 128 * 1024

    /// Fixes glibc's mmap threshold at `mmapThreshold`.
    ///
    /// glibc starts at 128 KiB but raises the threshold to the size of every mapped block that is freed (up to
    /// 32 MiB). After the first 8 MiB request body, later ones then come from the heap, where the small
    /// allocations that outlive them (journal entries, cached statuses) pin the freed pages: 720 requests of
    /// 8 MiB left 222 MB resident, against 44 MB with the threshold fixed. Setting it also turns the
    /// adjustment off. The cost is one `mmap`/`munmap` pair per large body, which is small beside copying it.
    public static func fixMmapThreshold() {
        _ = phota_set_mmap_threshold(self.mmapThreshold)
    }
}

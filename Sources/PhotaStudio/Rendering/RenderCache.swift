// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The images rendered last, by spec and index: the same request (a retried call, a test run twice, a link
/// downloaded again) is answered with the bytes already made, as a static file would be. Rendering is
/// deterministic, so a hit is exactly what rendering again would give.
///
/// Bounded by bytes; when full, the oldest entries go first (insertion order, so a hit costs no reordering).
final class RenderCache: Sendable {
    private struct Key: Hashable {
        let spec: RenderSpec
        let index: Int
    }

    private struct State {
        var images: [Key: [UInt8]] = [:]
        var order: [Key] = []
        var head = 0
        var bytes = 0
    }

    private let state = Mutex(State())
    /// Most bytes of image data kept.
    let capacity: Int

    init(capacity: Int = 4 << 20) {
        self.capacity = capacity
    }

    /// Image `index` of `spec`, from the cache or rendered (and kept, unless larger than a quarter of the
    /// capacity: one 4K picture must not push out everything else).
    func image(_ spec: RenderSpec, index: Int) -> [UInt8] {
        let key = Key(spec: spec, index: index)
        if let hit = self.state.withLock({ $0.images[key] }) { return hit }
        let image = spec.render(index: index)
        guard image.count <= self.capacity / 4 else { return image }
        self.state.withLock { state in
            guard state.images[key] == nil else { return }
            state.images[key] = image
            state.order.append(key)
            state.bytes += image.count
            while state.bytes > self.capacity, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                state.bytes -= state.images.removeValue(forKey: oldest)?.count ?? 0
            }
            // Drop the evicted prefix now and then, so the order list stays as long as the cache.
            if state.head > 64, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
        return image
    }
}

// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The images rendered last, by spec and index: the same request (a retried call, a test run twice, a link
/// downloaded again) is answered with the bytes already made, as a static file would be. Rendering is
/// deterministic, so a hit is exactly what rendering again would give. An image answered inline also keeps its
/// base64 text once made (encoding 3 KB cost more than the rest of a bytes-mode answer).
///
/// Bounded by bytes (image and base64 text both count); when full, the oldest entries go first (insertion order,
/// so a hit costs no reordering).
final class RenderCache: Sendable {
    private struct Key: Hashable {
        let spec: RenderSpec
        let index: Int
    }

    private struct Entry {
        var image: [UInt8]
        var base64: String?

        var bytes: Int { self.image.count + (self.base64?.utf8.count ?? 0) }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
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
        if let hit = self.state.withLock({ $0.entries[key]?.image }) { return hit }
        let image = spec.render(index: index)
        guard image.count <= self.capacity / 4 else { return image }
        self.state.withLock { state in
            guard state.entries[key] == nil else { return }
            state.entries[key] = Entry(image: image)
            state.order.append(key)
            state.bytes += image.count
            self.evict(&state)
        }
        return image
    }

    /// Image `index` of `spec` as standard base64, from the cache or encoded (and kept with its image).
    func base64(_ spec: RenderSpec, index: Int) -> String {
        let key = Key(spec: spec, index: index)
        if let hit = self.state.withLock({ $0.entries[key]?.base64 }) { return hit }
        let encoded = Base64.encode(self.image(spec, index: index))
        self.state.withLock { state in
            guard let entry = state.entries[key], entry.base64 == nil else { return }
            state.entries[key]?.base64 = encoded
            state.bytes += encoded.utf8.count
            self.evict(&state)
        }
        return encoded
    }

    private func evict(_ state: inout State) {
        while state.bytes > self.capacity, state.head < state.order.count {
            let oldest = state.order[state.head]
            state.head += 1
            state.bytes -= state.entries.removeValue(forKey: oldest)?.bytes ?? 0
        }
        // Drop the evicted prefix now and then, so the order list stays as long as the cache.
        if state.head > 64, state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}

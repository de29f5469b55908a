// SPDX-License-Identifier: Apache-2.0

/// A binary min-heap: O(log n) push and pop, O(1) peek at the smallest element.
struct MinHeap<Element: Comparable & Sendable>: Sendable {
    private(set) var storage: [Element] = []

    var isEmpty: Bool { self.storage.isEmpty }
    var count: Int { self.storage.count }
    var min: Element? { self.storage.first }

    mutating func push(_ element: Element) {
        self.storage.append(element)
        var child = self.storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard self.storage[child] < self.storage[parent] else { break }
            self.storage.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Element? {
        guard !self.storage.isEmpty else { return nil }
        if self.storage.count == 1 { return self.storage.removeLast() }
        let top = self.storage[0]
        self.storage[0] = self.storage.removeLast()
        var parent = 0
        let count = self.storage.count
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < count && self.storage[left] < self.storage[smallest] { smallest = left }
            if right < count && self.storage[right] < self.storage[smallest] { smallest = right }
            if smallest == parent { break }
            self.storage.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}

// SPDX-License-Identifier: Apache-2.0

/// An ordered list of header fields. Names are stored lowercased (as HTTP/2 sends them), so lookups
/// are plain comparisons; the HTTP/1.1 encoder writes them as given.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// The fields in the order they were received or added.
    public private(set) var fields: [(name: String, value: String)]

    public init() {
        self.fields = []
    }

    /// Builds headers from pairs; names are lowercased.
    public init(_ pairs: [(String, String)]) {
        self.fields = pairs.map { (name: $0.0.lowercased(), value: $0.1) }
    }

    /// Adds a field (the name is lowercased).
    public mutating func add(name: String, value: String) {
        self.fields.append((name: name.lowercased(), value: value))
    }

    /// Adds a field whose name the caller guarantees is already lowercase (the parser's hot path).
    @inline(__always)
    package mutating func addLowercased(name: String, value: String) {
        self.fields.append((name: name, value: value))
    }

    /// Replaces every field of that name by one.
    public mutating func replaceOrAdd(name: String, value: String) {
        let key = name.lowercased()
        self.fields.removeAll { $0.name == key }
        self.fields.append((name: key, value: value))
    }

    /// Removes every field of that name.
    public mutating func remove(name: String) {
        let key = name.lowercased()
        self.fields.removeAll { $0.name == key }
    }

    /// The first value of the field named `name` (case-insensitive), if any.
    public subscript(name: String) -> String? {
        // Stored names are lowercase, so a lowercase `name` (every lookup of the server's own) matches on the
        // first pass; only a name with capitals is lowercased, and only when the first pass found nothing.
        for field in self.fields where field.name == name { return field.value }
        guard Self.hasCapitals(name) else { return nil }
        let key = name.lowercased()
        for field in self.fields where field.name == key { return field.value }
        return nil
    }

    /// Every value of the field named `name`, in order.
    public func values(_ name: String) -> [String] {
        let key = Self.hasCapitals(name) ? name.lowercased() : name
        var found: [String] = []
        for field in self.fields where field.name == key { found.append(field.value) }
        return found
    }

    /// How many fields are named `name` (lowercase), without collecting their values.
    package func count(of name: String) -> Int {
        var count = 0
        for field in self.fields where field.name == name { count += 1 }
        return count
    }

    private static func hasCapitals(_ name: String) -> Bool {
        // On the contiguous bytes: iterating `utf8` costs several times as much per byte.
        name.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { $0 &- 0x41 < 26 } }
            ?? name.utf8.contains { $0 &- 0x41 < 26 }
    }

    /// How many fields there are.
    public var count: Int { self.fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        self.fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}

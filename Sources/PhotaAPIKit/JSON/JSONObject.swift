// SPDX-License-Identifier: Apache-2.0

/// A JSON object with Python `dict` semantics: keys keep their first insertion position, and a repeated key
/// replaces the earlier value in place (`json.loads('{"a":1,"b":2,"a":3}')` is `{"a": 3, "b": 2}`). Keys are
/// the same only when their code points are: `"\u00e9"` and `"e\u0301"` are two keys, as in Python.
public struct JSONObject: Sendable, Equatable {
    /// One key/value pair.
    public struct Member: Sendable, Equatable {
        /// The key.
        public let key: String
        /// The value.
        public var value: JSONValue

        /// A pair.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }

        /// Keys compare by their code points, as Python's do.
        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.key.hasSameBytes(as: rhs.key) && lhs.value == rhs.value
        }
    }

    /// The members in key order.
    public private(set) var members: [Member]
    /// Key → position, kept only once an object grows past `indexThreshold` keys, so that a hostile body with
    /// thousands of keys stays linear while the usual three-key request never hashes.
    private var index: [ExactString: Int]?
    private static let indexThreshold = 16

    /// An empty object.
    public init() {
        self.members = []
        self.index = nil
    }

    /// An object from ordered pairs, applying the duplicate-key rule.
    public init(_ pairs: [(String, JSONValue)]) {
        self.members = []
        self.index = nil
        self.members.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of distinct keys.
    public var count: Int { self.members.count }

    /// Whether the object has no keys.
    public var isEmpty: Bool { self.members.isEmpty }

    /// The keys in order.
    public var keys: [String] { self.members.map(\.key) }

    /// The value for `key`; setting an existing key keeps its position, setting nil removes it.
    public subscript(key: String) -> JSONValue? {
        get { self.position(of: key).map { self.members[$0].value } }
        set {
            switch (self.position(of: key), newValue) {
            case (let position?, let value?):
                self.members[position].value = value
            case (let position?, nil):
                self.members.remove(at: position)
                self.index = nil
                if self.members.count > Self.indexThreshold { self.rebuildIndex() }
            case (nil, let value?):
                self.members.append(Member(key: key, value: value))
                if self.index != nil {
                    self.index?[ExactString(key)] = self.members.count - 1
                } else if self.members.count > Self.indexThreshold {
                    self.rebuildIndex()
                }
            case (nil, nil):
                break
            }
        }
    }

    /// Objects are equal when their members are, in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members == rhs.members
    }

    private func position(of key: String) -> Int? {
        if let index = self.index { return index[ExactString(key)] }
        return self.members.firstIndex { $0.key.hasSameBytes(as: key) }
    }

    private mutating func rebuildIndex() {
        var index = [ExactString: Int](minimumCapacity: self.members.count * 2)
        for (position, member) in self.members.enumerated() { index[ExactString(member.key)] = position }
        self.index = index
    }
}

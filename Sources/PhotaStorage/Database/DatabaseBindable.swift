// SPDX-License-Identifier: Apache-2.0

/// A Swift value that can be bound to a statement parameter.
public protocol DatabaseBindable {
    /// Binds `self` to the 1-based parameter `index` of `statement`.
    /// - Throws: `DatabaseError` when the index is out of range.
    func bind(to statement: Statement, at index: Int32) throws
}

extension Int64: DatabaseBindable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try statement.bind(self, at: index)
    }
}

extension Int: DatabaseBindable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try statement.bind(Int64(self), at: index)
    }
}

extension Double: DatabaseBindable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try statement.bind(self, at: index)
    }
}

extension String: DatabaseBindable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try statement.bind(self, at: index)
    }
}

extension Bool: DatabaseBindable {
    public func bind(to statement: Statement, at index: Int32) throws {
        try statement.bind(self ? 1 as Int64 : 0, at: index)
    }
}

extension Optional: DatabaseBindable where Wrapped: DatabaseBindable {
    public func bind(to statement: Statement, at index: Int32) throws {
        switch self {
        case .some(let value): try value.bind(to: statement, at: index)
        case .none: try statement.bindNull(at: index)
        }
    }
}

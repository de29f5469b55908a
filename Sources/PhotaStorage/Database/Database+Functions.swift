// SPDX-License-Identifier: Apache-2.0
internal import CSQLite

/// Holds a SQL function's body at a stable address for the C callback's context pointer.
final class TextToIntegerFunction {
    let body: (UnsafeBufferPointer<UInt8>) -> Int64?

    init(_ body: @escaping (UnsafeBufferPointer<UInt8>) -> Int64?) {
        self.body = body
    }
}

extension Database {
    /// Defines the deterministic SQL function `name(text)` on this connection: `body` gets the
    /// argument's UTF-8 bytes and returns the INTEGER result, or nil for NULL. A NULL or
    /// non-text argument gives NULL without calling `body`.
    /// - Throws: `DatabaseError` when SQLite refuses the definition.
    public func defineFunction(_ name: String, _ body: @escaping (UnsafeBufferPointer<UInt8>) -> Int64?) throws {
        let box = TextToIntegerFunction(body)
        self.functionBoxes.append(box)
        let code = sqlite3_create_function_v2(
            self.handle, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, Unmanaged.passUnretained(box).toOpaque(),
            { context, count, arguments in
                guard let context, count == 1, let argument = arguments?[0],
                    sqlite3_value_type(argument) == SQLITE_TEXT,
                    let text = sqlite3_value_text(argument)
                else {
                    sqlite3_result_null(context)
                    return
                }
                let length = Int(sqlite3_value_bytes(argument))
                let function = Unmanaged<TextToIntegerFunction>.fromOpaque(sqlite3_user_data(context))
                    .takeUnretainedValue()
                if let result = function.body(UnsafeBufferPointer(start: text, count: length)) {
                    sqlite3_result_int64(context, result)
                } else {
                    sqlite3_result_null(context)
                }
            }, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: Database.message(of: self.handle),
                sql: "function \(name)")
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
internal import CSQLite

/// Holds a trace handler at a stable address for the C callback's context pointer.
final class TraceHandler {
    let body: (String) -> Void

    init(_ body: @escaping (String) -> Void) {
        self.body = body
    }
}

extension Database {
    /// Reports the SQL of every statement as it starts running, or stops reporting (`nil`).
    ///
    /// The text is the statement as prepared (`sqlite3_trace_v2` with `SQLITE_TRACE_STMT` passes
    /// the unexpanded SQL), so bound values never appear. The handler runs on the thread using
    /// the connection. Meant for tests and diagnostics: it costs a call per statement.
    /// - Parameter handler: receives each statement's SQL text.
    public func trace(_ handler: ((String) -> Void)?) {
        self.traceHandler = handler.map(TraceHandler.init)
        guard let box = self.traceHandler else {
            sqlite3_trace_v2(self.handle, 0, nil, nil)
            return
        }
        let context = Unmanaged.passUnretained(box).toOpaque()
        sqlite3_trace_v2(
            self.handle, UInt32(SQLITE_TRACE_STMT),
            { _, context, _, text in
                // For SQLITE_TRACE_STMT, X is the unexpanded SQL as UTF-8 (sqlite.org/c3ref/c_trace.html).
                guard let context, let text else { return 0 }
                let handler = Unmanaged<TraceHandler>.fromOpaque(context).takeUnretainedValue()
                handler.body(String(cString: text.assumingMemoryBound(to: CChar.self)))
                return 0
            }, context)
    }
}

// SPDX-License-Identifier: Apache-2.0
internal import CNGHTTP2

/// The one nghttp2 callbacks table every session shares, built once. Each entry is a C function
/// that recovers the `HTTP2Connection` from the session's user data (passed unretained: the
/// connection owns the session and deletes it before it goes away) and forwards to a method.
enum NGHTTP2Callbacks {
    // Immutable after its one-time initialisation and only read by nghttp2, so sharing it across
    // loop threads is safe.
    nonisolated(unsafe) static let table: OpaquePointer = {
        var callbacks: OpaquePointer?
        guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else {
            fatalError("nghttp2_session_callbacks_new failed: out of memory")
        }
        nghttp2_session_callbacks_set_on_begin_frame_callback(callbacks) { _, header, user in
            guard let header, let user else { return 0 }
            return connection(user).onBeginFrame(header.pointee)
        }
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { _, frame, user in
            guard let frame, let user else { return 0 }
            return connection(user).onBeginHeaders(frame)
        }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) {
            _, frame, name, nameLength, value, valueLength, _, user in
            guard let frame, let name, let value, let user else { return 0 }
            return connection(user).onHeader(
                frame,
                name: UnsafeRawBufferPointer(start: name, count: nameLength),
                value: UnsafeRawBufferPointer(start: value, count: valueLength)
            )
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { _, _, streamID, data, length, user in
            guard let user else { return 0 }
            return connection(user).onData(streamID: streamID, UnsafeRawBufferPointer(start: data, count: length))
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, user in
            guard let frame, let user else { return 0 }
            return connection(user).onFrameReceived(frame)
        }
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks) { _, frame, user in
            guard let frame, let user else { return 0 }
            return connection(user).onFrameSent(frame)
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, streamID, _, user in
            guard let user else { return 0 }
            return connection(user).onStreamClosed(streamID)
        }
        return callbacks
    }()

    /// Reads a response body into nghttp2's buffer as the flow-control window allows.
    static let readBody: nghttp2_data_source_read_callback = { _, streamID, buffer, length, flags, _, user in
        guard let buffer, let flags, let user else { return Int(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue) }
        return connection(user).readBody(streamID: streamID, into: buffer, length: length, flags: flags)
    }

    @inline(__always)
    private static func connection(_ user: UnsafeMutableRawPointer) -> HTTP2Connection {
        Unmanaged<HTTP2Connection>.fromOpaque(user).takeUnretainedValue()
    }
}

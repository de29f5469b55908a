// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// What an API key may be, and which key a request presents.
///
/// A key is one or more visible ASCII characters (`!` to `~`, bytes 0x21–0x7E). Keys name accounts, and
/// an account must never be reachable by two spellings: bytes outside that range either are not UTF-8
/// (a header value is decoded with replacement, so `victim-\xff` and `victim-\xfe` would read alike) or
/// have canonically equivalent spellings (NFC and NFD `café`, the Kelvin sign and `K`). Within it,
/// every comparison Swift, SQLite and a client could make is byte equality.
public enum APIKey {
    /// Says in words what `isWellFormed` checks, for error messages.
    public static let rule = "one or more visible ASCII characters (0x21-0x7E)"

    /// Whether `key` may name an account.
    public static func isWellFormed(_ key: some StringProtocol) -> Bool {
        // Checked on every request that presents a key: on the contiguous bytes when there are (there always are
        // for a header value), which costs a fraction of walking the view.
        let visible = { (byte: UInt8) in byte >= 0x21 && byte <= 0x7E }
        if let result = key.utf8.withContiguousStorageIfAvailable({ !$0.isEmpty && $0.allSatisfy(visible) }) {
            return result
        }
        return !key.utf8.isEmpty && key.utf8.allSatisfy(visible)
    }

    /// The key a request presents: the first `X-API-Key` field, as Starlette's `headers.get` reads it, when it is
    /// well-formed; nil when it is missing or malformed (such a request acts for no account).
    public static func presented(by request: HTTPRequest) -> String? {
        guard let key = request.headers["x-api-key"], self.isWellFormed(key) else { return nil }
        return key
    }
}

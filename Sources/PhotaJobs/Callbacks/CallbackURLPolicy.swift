// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// Which `callback_url`s a job accepts. The real API wants HTTPS; the emulator also takes plain `http` to
/// hosts that cannot be public: loopback, private and link-local addresses, `localhost`, names ending in
/// `.localhost`, `.local`, `.internal`, `.test` or `.lan`, and single-label names (a Docker Compose service).
public enum CallbackURLPolicy {
    /// Nil when `url` may receive callbacks, else the `400` detail.
    public static func problem(_ url: String) -> String? {
        let lower = String(decoding: url.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        let isHTTPS = lower.hasPrefix("https://")
        guard isHTTPS || lower.hasPrefix("http://") else {
            return "callback_url must be an https URL (http is accepted for loopback and private hosts)."
        }
        guard let host = Self.host(of: lower, schemeLength: isHTTPS ? 8 : 7), !host.isEmpty else {
            return "callback_url is not a valid URL: it has no host."
        }
        if isHTTPS || Self.isPrivate(host) { return nil }
        return
            "callback_url must be an https URL (http is accepted for loopback and private hosts), got http to \(host)."
    }

    /// The host of an absolute URL (brackets kept off an IPv6 literal), without user info and port.
    static func host(of url: String, schemeLength: Int) -> String? {
        var authority = Substring(url.dropFirst(schemeLength).prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.prefix { $0 != ":" })
    }

    static func isPrivate(_ host: String) -> Bool {
        if host == "localhost" || !host.contains(".") && !host.contains(":") { return true }
        for suffix in [".localhost", ".local", ".internal", ".test", ".lan"] where host.hasSuffix(suffix) {
            return true
        }
        if host.contains(":") {
            // IPv6: loopback, unique local (fc00::/7), link-local (fe80::/10).
            return host == "::1" || host.hasPrefix("fc") || host.hasPrefix("fd") || host.hasPrefix("fe8")
                || host.hasPrefix("fe9") || host.hasPrefix("fea") || host.hasPrefix("feb")
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard parts.count == 4 else { return false }
        switch (parts[0], parts[1]) {
        case (127, _), (10, _), (192, 168), (169, 254): return true
        case (172, let second): return (16...31).contains(second)
        default: return false
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// The routing rules of the FastAPI (Starlette) application behind the Phota API, recorded from the
/// reference app in `fixtures/routing/`, for the routes under `/v1/phota`.
public enum FastAPIRouteGroup {
    /// - Malformed percent-escapes in the path or query are kept as literal text (`?tag=%ZZ` is the
    ///   tag `%ZZ`), as Python's `unquote` and `parse_qsl` keep them.
    /// - HEAD is not GET: Starlette routes only the methods declared, so `HEAD` on a GET route is
    ///   `405` with `Allow: GET`.
    /// - A path that matches no route but does with its trailing slashes removed (or one added) is
    ///   `307 Temporary Redirect` to that path (`redirect_slashes`).
    public static var group: RouteGroup {
        var group = RouteGroup()
        group.escapes = .lenient
        group.headAnswersLikeGet = false
        group.slashRedirect = { request, alternatePath, _ in Self.redirect(request, to: alternatePath) }
        return group
    }

    /// Starlette's redirect: `307`, no body, `Location` built from the `Host` field, the decoded
    /// path and the query as sent (`URL(scope=…)`), then quoted like `RedirectResponse` does.
    static func redirect(_ request: HTTPRequest, to rawPath: String) -> HTTPResponse {
        var path = PercentDecoding.decode(Substring(rawPath), plusIsSpace: false)
        // `URL(scope=…)` escapes these three so the path cannot turn into a query or fragment.
        path = path.replacingAll("?", with: "%3F").replacingAll("#", with: "%23").replacingAll("\\", with: "%5C")
        var url: String
        if let host = request.headers["host"], !host.isEmpty {
            url = "http://" + host + path
        } else {
            // No Host (HTTP/1.0): a relative reference, where Starlette would name the socket's address.
            url = path.hasPrefix("//") ? "/%2F" + path.dropFirst(2) : path
        }
        if !request.rawQuery.isEmpty { url += "?" + request.rawQuery }
        var headers = HTTPHeaders()
        headers.add(name: "location", value: Self.quote(url))
        return HTTPResponse(status: .temporaryRedirect, headers: headers)
    }

    /// Python's `urllib.parse.quote(url, safe=":/%#?=@[]!$&'()*+,;")`: every UTF-8 byte outside
    /// the unreserved set and `safe` becomes `%XX` (upper-case hex).
    static func quote(_ text: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~:/%#?=@[]!$&'()*+,;".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if safe.contains(byte) {
                out.append(byte)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        guard self.contains(target) else { return self }
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}

// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// The control plane's dashboard: one page, its script and its style sheet, served from strings compiled into
/// the binary (no files, no build step, nothing fetched from elsewhere, so it works offline).
///
/// The routes live under `/_mock`, so the control plane's access rule applies to them. A browser sends no header
/// when it navigates, so with an admin token these three routes also take it as `?token=<token>`: the page
/// repeats it on the links to its script and style sheet, and the script sends it as `X-Admin-Token` on its own
/// calls to `/_mock`.
public enum DashboardRoutes {
    public static let pagePath = "/_mock/ui"
    public static let scriptPath = "/_mock/ui/app.js"
    public static let stylePath = "/_mock/ui/app.css"

    public static func register(on router: inout Router) {
        let script = Array(DashboardScript.text.utf8)
        let style = Array(DashboardStyle.text.utf8)
        router.add("GET", Self.pagePath) { request, _, _ in
            let page = DashboardPage.html(assetQuery: Self.tokenQuery(request.queryValue("token")))
            return .response(Self.asset("text/html; charset=utf-8", Array(page.utf8), page: true))
        }
        router.add("GET", Self.scriptPath) { _, _, _ in
            .response(Self.asset("text/javascript; charset=utf-8", script, page: false))
        }
        router.add("GET", Self.stylePath) { _, _, _ in
            .response(Self.asset("text/css; charset=utf-8", style, page: false))
        }
    }

    /// Never cached (the token may be in the URL, and the assets change with the binary), never sniffed, and sent
    /// with no `Referer`; the page may load and call only its own origin.
    static func asset(_ contentType: String, _ body: [UInt8], page: Bool) -> HTTPResponse {
        var headers: [(String, String)] = [
            ("content-type", contentType), ("cache-control", "no-store"), ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"),
        ]
        if page {
            headers.append(("content-security-policy", Self.contentSecurityPolicy))
        }
        return HTTPResponse(status: .ok, headers: HTTPHeaders(headers), body: body)
    }

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// `?token=<token>` with every byte but RFC 3986's unreserved ones percent-encoded, so it is also safe inside an
    /// HTML attribute; empty without a token.
    static func tokenQuery(_ token: String?) -> String {
        guard let token, !token.isEmpty else { return "" }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = Array("?token=".utf8)
        for byte in token.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

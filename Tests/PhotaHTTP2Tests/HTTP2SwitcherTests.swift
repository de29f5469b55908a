// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

@testable import PhotaHTTP2

@Suite struct HTTP2SwitcherTests {
    private let switcher = HTTP2Switcher()

    private func matches(_ text: String) -> Bool? {
        Array(text.utf8).withUnsafeBytes { self.switcher.matchesPreface($0) }
    }

    @Test func prefaceIsRecognisedOnlyWhenComplete() {
        #expect(self.matches("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") == true)
        #expect(self.matches("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\u{4}") == true)
        #expect(self.matches("PRI * HTTP/2") == nil)
        #expect(self.matches("") == nil)
    }

    @Test func http1RequestLinesStayHTTP1() {
        #expect(self.matches("GET / HTTP/1.1\r\n") == false)
        #expect(self.matches("PRI / HTTP/1.1\r\nHost: x\r\n\r\n") == false)
        #expect(self.matches("GET / HTTP/2.0\r\n") == false)
        #expect(self.matches("GET / HTTP/1.1") == false)
        #expect(self.matches("GET ") == false)
        #expect(self.matches("GE@T / HTTP/1.1") == nil)
    }

    /// A line with a standard method or an `HTTP/` version is HTTP/1.1's to answer, however malformed:
    /// its client gets a readable 400, not a GOAWAY.
    @Test func malformedHTTP1StaysHTTP1() {
        #expect(self.matches("GET /\r\n") == false)
        #expect(self.matches("GET / JUNK\r\n") == false)
        #expect(self.matches("GET / HTTP/1.1\n\n") == false)
        #expect(self.matches("GE@T / HTTP/1.1\r\n") == false)
        #expect(self.matches("BREW /pot HTTP/1.1\r\n") == false)
        #expect(self.matches("\r\nGET / HTTP/1.1\r\n") == false)
        #expect(self.matches("GET\t/\tHTTP/1.1\r\n") == false)
    }

    /// Neither a method nor a version: not HTTP/1.x, so a broken preface (GOAWAY, close).
    @Test func lineThatIsNotHTTPAtAllIsABadPreface() {
        #expect(self.matches("INVALID CONNECTION PREFACE\r\n\r\n") == true)
        #expect(self.matches("INVALID CONNECTION PREFACE") == nil)
    }

    private func request(_ headers: [(String, String)], version: HTTPVersion = .http1_1) -> HTTPRequest {
        HTTPRequest(
            method: "GET", target: "/", path: "/", version: version, headers: HTTPHeaders([("host", "x")] + headers))
    }

    @Test func upgradeNeedsUpgradeConnectionAndOneSettingsField() {
        let good: [(String, String)] = [
            ("connection", "Upgrade, HTTP2-Settings"), ("upgrade", "h2c"),
            ("http2-settings", "AAMAAABkAAQCAAAAAAIAAAAA"),
        ]
        #expect(self.switcher.acceptsUpgrade(self.request(good)))
        #expect(
            HTTP2Switcher.upgradeSettings(self.request(good)) == [
                0, 3, 0, 0, 0, 100, 0, 4, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0,
            ])
        #expect(!self.switcher.acceptsUpgrade(self.request(good, version: .http1_0)))
        #expect(!self.switcher.acceptsUpgrade(self.request(Array(good.dropFirst()))))
        #expect(!self.switcher.acceptsUpgrade(self.request([("connection", "Upgrade"), good[1], good[2]])))
        #expect(!self.switcher.acceptsUpgrade(self.request([good[0], ("upgrade", "websocket"), good[2]])))
        #expect(!self.switcher.acceptsUpgrade(self.request(good + [("http2-settings", "")])))
        #expect(!self.switcher.acceptsUpgrade(self.request([good[0], good[1], ("http2-settings", "AAM!")])))
        // A settings payload must be whole 6-byte entries.
        #expect(!self.switcher.acceptsUpgrade(self.request([good[0], good[1], ("http2-settings", "AAMAAABk AA")])))
        #expect(self.switcher.acceptsUpgrade(self.request([good[0], good[1], ("http2-settings", "")])))
    }

    @Test func base64URLDecodes() {
        #expect(Base64URL.decode("") == [])
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("-_8=") == [0xFB, 0xFF])
        #expect(Base64URL.decode("AAEC") == [0, 1, 2])
        #expect(Base64URL.decode("A") == nil)
        #expect(Base64URL.decode("+/==") == nil)
    }
}

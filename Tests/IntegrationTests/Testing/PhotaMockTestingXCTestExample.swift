// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaMockTesting
import XCTest

/// How an XCTest suite uses the library: a server per test, stopped in `tearDown`.
final class PhotaMockTestingXCTestExample: XCTestCase {
    private var server: PhotaMockServer!

    override func setUpWithError() throws {
        self.server = try PhotaMockServer(frozenClock: true)
    }

    override func tearDown() {
        self.server.stop()
        self.server = nil
    }

    func testAProfileIsReadyOnceTheClockHasMoved() throws {
        let urls = (1...5).map { "\"https://example.com/\($0).jpg\"" }.joined(separator: ",")
        let added = try self.server.send(
            "POST", "/v1/phota/profiles/add", headers: [("X-API-Key", "xctest")],
            body: #"{"image_urls":[\#(urls)],"training_tier":"fast"}"#)
        XCTAssertEqual(added.status, 200)
        let id = try XCTUnwrap(try JSONDecoder().decode([String: String].self, from: Data(added.body))["profile_id"])
        XCTAssertEqual(try self.server.admin.profile(id).status, "VALIDATING")
        try self.server.admin.advance(by: .milliseconds(2500), apiKey: "xctest")
        XCTAssertEqual(try self.server.admin.profile(id).status, "READY")
    }

    func testAnEmptyBalanceIsRefused() throws {
        try self.server.admin.setCredit(0, apiKey: "xctest")
        let refused = try self.server.send("POST", "/v1/phota/generate", headers: [("X-API-Key", "xctest")], body: "{}")
        XCTAssertEqual(refused.status, 402)
        XCTAssertThrowsError(try self.server.admin.profile("missing")) { error in
            XCTAssertEqual((error as? PhotaMockError)?.status, 404)
        }
    }
}

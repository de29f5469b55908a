// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaMockTesting
import PhotaTestSupport

/// The suites' shared request helpers (`Profiles.add`, `Admin.status`, …) take any `TestClient`: a
/// `PhotaMockServer` is one, each request on a new raw connection exactly as `TestServer` sends it.
extension PhotaMockServer: TestClient {
    public func request(
        _ method: String, _ target: String, headers: [(String, String)], body: String?
    ) throws -> RawResponse? {
        let client = try RawClient(port: self.port)
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        client.send(text)
        return client.readResponse(headRequest: method == "HEAD")
    }
}

extension Admin {
    /// `epoch` as a `Date`, for `PhotaMockServer(clockStart:)`.
    static var epochDate: Date { Date(timeIntervalSince1970: Double(Self.epoch) / 1000) }
}

// SPDX-License-Identifier: Apache-2.0

import Foundation
import PhotaHTTP
import Testing

@testable import PhotaAPIKit

/// One recorded request/response pair from `fixtures/validation/`, produced by `tools/golden/generate.py`.
struct GoldenCase: CustomTestStringConvertible, Sendable {
    let fileName: String
    let method: String
    let path: String
    let query: String
    let contentType: String?
    let body: [UInt8]
    let status: Int
    let responseContentType: String?
    /// The parsed JSON response body, or nil when the response was not JSON.
    let responseBody: JSONValue?
    let responseText: String?
    /// The exact bytes of a JSON response, as FastAPI sent them.
    let responseRaw: [UInt8]?

    var testDescription: String { self.fileName }

    /// The repository's `fixtures` directory, found from this source file so that `swift test` works from any clone.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    /// Every case of `fixtures/<folder>` (`validation`, `validation-studio`), sorted by file name.
    static func all(in folder: String = "validation") throws -> [GoldenCase] {
        let directory = self.fixtures.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try GoldenCase(fileName: $0, directory: directory) }
    }

    init(fileName: String, directory: URL) throws {
        self.fileName = fileName
        let data = try Data(contentsOf: directory.appendingPathComponent(fileName))
        let document = try Self.parse(Array(data))
        guard case .object(let root) = document, case .object(let request)? = root["request"],
            case .object(let response)? = root["response"]
        else { throw GoldenError.malformed(fileName) }
        self.method = try Self.string(request["method"], fileName)
        self.path = try Self.string(request["path"], fileName)
        self.query = try Self.string(request["query"], fileName)
        if case .string(let value)? = request["content_type"] {
            self.contentType = value
        } else {
            self.contentType = nil
        }
        if case .string(let text)? = request["body"] {
            self.body = Array(text.utf8)
        } else if case .string(let encoded)? = request["body_base64"], let bytes = Data(base64Encoded: encoded) {
            self.body = Array(bytes)
        } else {
            throw GoldenError.malformed(fileName)
        }
        guard case .int(let status)? = response["status"], let code = Int(status.text) else {
            throw GoldenError.malformed(fileName)
        }
        self.status = code
        if case .string(let value)? = response["content_type"] {
            self.responseContentType = value
        } else {
            self.responseContentType = nil
        }
        self.responseBody = response["body"]
        if case .string(let text)? = response["body_text"] { self.responseText = text } else { self.responseText = nil }
        if case .string(let text)? = response["body_raw"] {
            self.responseRaw = Array(text.utf8)
        } else {
            self.responseRaw = nil
        }
    }

    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        switch bytes.withUnsafeBufferPointer({ JSONBodyDecoding.decode($0) }) {
        case .success(let value): return value
        case .failure(let failure): throw GoldenError.unparsable("\(failure)")
        }
    }

    private static func string(_ value: JSONValue?, _ fileName: String) throws -> String {
        guard case .string(let text)? = value else { throw GoldenError.malformed(fileName) }
        return text
    }

    /// The values of `name` in the query string, decoded by the HTTP layer's query reading (which is
    /// Python's `urllib.parse.parse_qsl(keep_blank_values=True)`, malformed escapes kept).
    func queryValues(_ name: String) -> [String] {
        var query = self.query
        return query.withUTF8 { PercentDecoding.decodeQuery(UnsafeRawBufferPointer($0)) }.filter { $0.name == name }
            .map(\.value)
    }
}

enum GoldenError: Error {
    case malformed(String)
    case unparsable(String)
}

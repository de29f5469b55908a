// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import PhotaApp
import Synchronization
import Testing

/// One line per event, in either format, with the request metadata the server logs.
@Suite struct LogFormatTests {
    private func capture(_ format: LogFormat, _ body: (Logger) -> Void) -> [String] {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "test") { _ in
            LineLogHandler(level: .info, format: format) { line in lines.withLock { $0.append(line) } }
        }
        logger.logLevel = .info
        body(logger)
        return lines.withLock { $0 }
    }

    @Test func jsonLinesAreObjectsWithTheMetadata() throws {
        let lines = self.capture(.json) { logger in
            logger.info("request", metadata: ["http.status": "200", "http.path": "/v1/phota/profiles/ids"])
            logger.debug("not logged at info")
        }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "info")
        #expect(object["msg"] == "request")
        #expect(object["http.status"] == "200")
        #expect(object["http.path"] == "/v1/phota/profiles/ids")
        #expect(object["ts"]?.hasSuffix("Z") == true)
    }

    @Test func textLinesCarryKeyValuePairs() throws {
        let lines = self.capture(.text) { logger in
            logger.warning("accept failed; pausing", metadata: ["error": "EMFILE"])
        }
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.hasSuffix(" warning accept failed; pausing error=EMFILE\n"))
        #expect(line.prefix(24).hasSuffix("Z"))
    }
}

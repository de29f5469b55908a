// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import PhotaCrypto

/// HMAC-SHA256 against RFC 4231's published codes and against Python's `hmac` module.
@Suite struct HMACSHA256Tests {
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    /// RFC 4231 section 4: test cases 1-4, 6 and 7 (5 is truncated output, which nothing here produces).
    static let rfc4231: [(name: String, key: [UInt8], message: [UInt8], code: String)] = [
        (
            "1", [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            "2", Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            "3", [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        (
            "4", Array(1...25), [UInt8](repeating: 0xcd, count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            "6", [UInt8](repeating: 0xaa, count: 131),
            Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            "7", [UInt8](repeating: 0xaa, count: 131),
            Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test(arguments: 0..<rfc4231.count) func rfc4231TestCase(_ index: Int) throws {
        let test = Self.rfc4231[index]
        let code = try HMACSHA256.code(key: test.key, message: test.message)
        #expect(code == Self.bytes(test.code), "test case \(test.name)")
        #expect(try HMACSHA256.hex(key: test.key, message: test.message) == test.code, "test case \(test.name)")
    }

    @Test func theKeyLongerThanTheBlockIsHashedFirst() throws {
        // RFC 2104: a key over 64 bytes is replaced by its SHA-256, so the two keys sign alike.
        let long = [UInt8](repeating: 0xaa, count: 131)
        let script = "print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest())"
        let hashed = Self.bytes(try Self.python(script, [HMACSHA256.hexadecimal(long)]))
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(try HMACSHA256.code(key: long, message: message) == HMACSHA256.code(key: hashed, message: message))
    }

    @Test func anEmptyKeyAndAnEmptyMessage() throws {
        let empty = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        #expect(try HMACSHA256.hex(key: [], message: []) == empty)
        #expect(try HMACSHA256.hex(key: "", message: "") == empty)
        #expect(try HMACSHA256.code(key: [], message: []).count == HMACSHA256.length)
    }

    @Test func stringsAreSignedAsTheirUTF8Bytes() throws {
        let key = "clé-ключ-鍵"
        let message = "/v1/images/42?expires=1700000000 — ✓"
        #expect(
            try HMACSHA256.code(key: key, message: message)
                == HMACSHA256.code(key: Array(key.utf8), message: Array(message.utf8)))
        #expect(try HMACSHA256.hex(key: "Jefe", message: "what do ya want for nothing?") == Self.rfc4231[1].code)
    }

    /// Runs `script` in python3 with `hmac`, `hashlib` and `sys` imported; its trimmed standard output.
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import hmac, hashlib, sys\n" + script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func randomKeysAndMessagesMatchPython() throws {
        // Keys on both sides of the 64-byte block, messages from empty to several blocks; random bytes include
        // every non-ASCII value, and one UTF-8 pair is spelled out.
        var cases: [(key: [UInt8], message: [UInt8])] = [
            (Array("ключ".utf8), Array("häßlich — 署名 🔏".utf8))
        ]
        for (keyLength, messageLength) in [(1, 0), (16, 3), (63, 64), (64, 65), (65, 200), (200, 1000)] {
            cases.append((SecureRandom.bytes(keyLength), SecureRandom.bytes(messageLength)))
        }
        let script = """
            for key, message in zip(sys.argv[1::2], sys.argv[2::2]):
                print(hmac.new(bytes.fromhex(key), bytes.fromhex(message), hashlib.sha256).hexdigest())
            """
        let arguments = cases.flatMap { [HMACSHA256.hexadecimal($0.key), HMACSHA256.hexadecimal($0.message)] }
        let expected = try Self.python(script, arguments).split(separator: "\n").map(String.init)
        #expect(expected.count == cases.count)
        for (test, code) in zip(cases, expected) {
            #expect(try HMACSHA256.hex(key: test.key, message: test.message) == code, "key \(test.key.count) bytes")
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
internal import CCrypto

/// HMAC-SHA256 (RFC 2104 over FIPS 180-4's SHA-256), computed by libcrypto: what signed download URLs and
/// webhook callbacks carry.
public enum HMACSHA256 {
    /// The length of a code, in bytes.
    public static let length = 32

    /// The 32-byte HMAC-SHA256 of `message` under `key`; keys longer than SHA-256's 64-byte block are hashed
    /// first, as RFC 2104 says.
    /// - Throws: ``CryptoError`` when libcrypto cannot be loaded or fails.
    public static func code(key: [UInt8], message: [UInt8]) throws(CryptoError) -> [UInt8] {
        try code(key: key, message: message, library: CryptoLibrary.system.get())
    }

    /// The HMAC-SHA256 of the UTF-8 bytes of `message` under the UTF-8 bytes of `key`.
    /// - Throws: ``CryptoError`` when libcrypto cannot be loaded or fails.
    public static func code(key: String, message: String) throws(CryptoError) -> [UInt8] {
        try code(key: Array(key.utf8), message: Array(message.utf8))
    }

    /// The HMAC-SHA256 of `message` under `key` in lowercase hexadecimal (64 characters).
    /// - Throws: ``CryptoError`` when libcrypto cannot be loaded or fails.
    public static func hex(key: [UInt8], message: [UInt8]) throws(CryptoError) -> String {
        hexadecimal(try code(key: key, message: message))
    }

    /// The HMAC-SHA256 of the UTF-8 bytes of `message` under the UTF-8 bytes of `key`, in lowercase
    /// hexadecimal (64 characters).
    /// - Throws: ``CryptoError`` when libcrypto cannot be loaded or fails.
    public static func hex(key: String, message: String) throws(CryptoError) -> String {
        hexadecimal(try code(key: key, message: message))
    }

    /// The code computed by `library`: the entry tests use to reach a library other than the default one.
    static func code(key: [UInt8], message: [UInt8], library: CryptoLibrary) throws(CryptoError) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: length)
        let done = key.withUnsafeBufferPointer { key in
            message.withUnsafeBufferPointer { message in
                code.withUnsafeMutableBufferPointer { code in
                    phota_crypto_hmac_sha256(
                        library.api, key.baseAddress, key.count, message.baseAddress, message.count, code.baseAddress)
                }
            }
        }
        // Only a key over 2 GiB or an allocation failure inside libcrypto gets here.
        guard done == 1 else { throw CryptoError("HMAC-SHA256 failed (key of \(key.count) bytes)") }
        return code
    }

    static func hexadecimal(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

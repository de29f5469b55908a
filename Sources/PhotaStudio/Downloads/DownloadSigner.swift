// SPDX-License-Identifier: Apache-2.0
import PhotaCrypto

/// Signs and checks download links: HMAC-SHA256 over the path and the expiry, so a link whose id, index,
/// format or expiry was changed is refused, and one that was not can be served without the API key.
public struct DownloadSigner: Sendable {
    private let key: [UInt8]

    /// - Parameter key: the server's signing key (derived from the database's own key, so links stay valid
    ///   across restarts of the same database).
    public init(key: [UInt8]) {
        self.key = key
    }

    /// The signed text: `<output id>/<file>\n<expires>`.
    private func message(outputID: String, file: String, expires: Int64) -> [UInt8] {
        Array("\(outputID)/\(file)\n\(expires)".utf8)
    }

    /// The lowercase hex signature of a link.
    /// - Throws: when libcrypto cannot be used (the server checks that at start).
    public func signature(outputID: String, file: String, expires: Int64) throws(CryptoError) -> String {
        try HMACSHA256.hex(key: self.key, message: self.message(outputID: outputID, file: file, expires: expires))
    }

    /// Whether `signature` is the link's own (compared in constant time).
    public func isValid(signature: String, outputID: String, file: String, expires: Int64) -> Bool {
        guard let expected = try? self.signature(outputID: outputID, file: file, expires: expires) else {
            return false
        }
        return ConstantTime.equals(Array(expected.utf8), Array(signature.utf8))
    }
}

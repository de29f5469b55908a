// SPDX-License-Identifier: Apache-2.0
import PhotaCrypto

/// One output image's link: `http://<host>/downloads/<output id>/<index>.<png|jpg>?expires=<s>&signature=<hex>`,
/// on the host and port the client itself used, so it works behind a port mapping. `expires` is the
/// account's simulated epoch time in seconds.
public struct DownloadLink: Sendable, Equatable {
    public var outputID: String
    public var index: Int
    public var format: OutputFormat
    public var expires: Int64

    public init(outputID: String, index: Int, format: OutputFormat, expires: Int64) {
        self.outputID = outputID
        self.index = index
        self.format = format
        self.expires = expires
    }

    /// The route of every link.
    public static let routePattern = "/downloads/{output_id}/{file}"

    /// The last path segment: `<index>.<ext>`.
    public var file: String { "\(self.index).\(self.format.rawValue)" }

    /// The link, signed.
    public func url(authority: String, signer: DownloadSigner) throws(CryptoError) -> String {
        let signature = try signer.signature(outputID: self.outputID, file: self.file, expires: self.expires)
        return
            "http://\(authority)/downloads/\(self.outputID)/\(self.file)?expires=\(self.expires)&signature=\(signature)"
    }

    /// A new random output id: 32 lowercase hex digits.
    public static func newOutputID() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in SecureRandom.bytes(16) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index and format a file name `<index>.<ext>` names; nil for any other name.
    public static func parseFile(_ file: String) -> (index: Int, format: OutputFormat)? {
        let parts = file.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let format = OutputFormat(rawValue: String(parts[1])),
            !parts[0].isEmpty, parts[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), parts[0].utf8.count <= 2,
            let index = Int(parts[0])
        else { return nil }
        return (index, format)
    }
}

// SPDX-License-Identifier: Apache-2.0

/// The image formats Phota accepts, recognised by their leading bytes (magic numbers), not by name.
public enum ImageSignature: String, Sendable, CaseIterable, Hashable {
    case jpeg = "JPEG"
    case png = "PNG"
    case webp = "WebP"
    case heif = "HEIC/HEIF"

    /// Bytes of a body's start that ``detect(_:)`` may look at; a longer prefix changes nothing.
    public static let prefixLength = 64

    /// ISO-BMFF brands of HEIC and HEIF files (ISO/IEC 23008-12 Annex B and the HEVC image profiles).
    static let heifBrands: Set<String> = ["heic", "heix", "hevc", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]

    /// The format whose signature `bytes` (the start of a body) carries, or nil for anything else.
    ///
    /// JPEG `FF D8 FF`; PNG `89 50 4E 47 0D 0A 1A 0A`; WebP `RIFF` size `WEBP`; HEIC/HEIF an ISO-BMFF
    /// `ftyp` box whose major brand, or one of its compatible brands, is a HEIF brand.
    public static func detect(_ bytes: some Collection<UInt8>) -> ImageSignature? {
        let head = Array(bytes.prefix(self.prefixLength))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count >= 12, Self.ascii(head, 0) == "RIFF", Self.ascii(head, 8) == "WEBP" { return .webp }
        if Self.isHEIF(head) { return .heif }
        return nil
    }

    /// `ftyp` box: 4-byte size, "ftyp", major brand, 4-byte minor version, then compatible brands to the
    /// end of the box (ISO/IEC 14496-12 §4.3).
    private static func isHEIF(_ head: [UInt8]) -> Bool {
        guard head.count >= 12, Self.ascii(head, 4) == "ftyp" else { return false }
        if let major = Self.ascii(head, 8), self.heifBrands.contains(major) { return true }
        let size = head[0..<4].reduce(0) { $0 << 8 | Int($1) }
        var offset = 16
        while offset + 4 <= min(size, head.count) {
            if let brand = Self.ascii(head, offset), self.heifBrands.contains(brand) { return true }
            offset += 4
        }
        return false
    }

    private static func ascii(_ head: [UInt8], _ offset: Int) -> String? {
        guard head.count >= offset + 4 else { return nil }
        return String(decoding: head[offset..<offset + 4], as: UTF8.self)
    }
}

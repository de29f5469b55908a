// SPDX-License-Identifier: Apache-2.0
import PhotaImaging
import PhotaProfiles
import Testing

@Suite struct ImageSignatureTests {
    private static func ftyp(_ major: String, compatible: [String] = [], size: UInt8? = nil) -> [UInt8] {
        let body = Array(major.utf8) + [0, 0, 0, 0] + compatible.flatMap { Array($0.utf8) }
        return [0, 0, 0, size ?? UInt8(8 + body.count)] + Array("ftyp".utf8) + body
    }

    @Test func recognisesEachFormatByItsMagicNumber() {
        #expect(ImageSignature.detect(IdenticonJPEG.render(seed: "x")) == .jpeg)
        #expect(ImageSignature.detect([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageSignature.detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ImageSignature.detect(Array("RIFF\u{24}\0\0\0WEBPVP8L".utf8)) == .webp)
        for brand in ["heic", "heix", "hevc", "heim", "heis", "hevm", "hevs", "mif1", "msf1"] {
            #expect(ImageSignature.detect(Self.ftyp(brand)) == .heif, "brand \(brand)")
        }
        #expect(ImageSignature.detect(Self.ftyp("avif", compatible: ["avif", "mif1"])) == .heif)
    }

    @Test func rejectsLookalikesAndShortPrefixes() {
        #expect(ImageSignature.detect([UInt8]()) == nil)
        #expect(ImageSignature.detect([0xFF, 0xD8]) == nil)
        #expect(ImageSignature.detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A]) == nil)
        #expect(ImageSignature.detect(Array("RIFF\u{24}\0\0\0WAVEfmt ".utf8)) == nil)
        #expect(ImageSignature.detect(Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 10)) == nil)
        #expect(ImageSignature.detect(Self.ftyp("isom", compatible: ["mp41", "avc1"])) == nil)
        // A compatible brand past the box's declared end does not count.
        #expect(ImageSignature.detect(Self.ftyp("isom", compatible: ["mp41", "heic"], size: 20)) == nil)
        #expect(ImageSignature.detect(Array("<html><body>nope</body></html>".utf8)) == nil)
    }

    @Test func failureMessagesNameTheURLAndTheReason() {
        let url = "https://cdn.example.com/a.jpg"
        let cases: [(ImageFetchFailure.Reason, String)] = [
            (.status(404), "Could not download \(url): HTTP 404"),
            (.timedOut(10), "Could not download \(url): timed out after 10 s"),
            (.timedOut(0.5), "Could not download \(url): timed out after 0.5 s"),
            (.tooLarge(20_971_520), "Could not download \(url): larger than 20971520 bytes"),
            (.network("connection refused"), "Could not download \(url): connection refused"),
            (.unsupportedURL, "Could not download \(url): not an http or https URL"),
            (.notAnImage, "\(url) is not a JPEG, PNG, WebP or HEIC/HEIF image"),
        ]
        for (reason, message) in cases {
            #expect(ImageFetchFailure(url: url, reason: reason).message == message)
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaImaging
import PhotaStudio
import Testing

/// The studio's pure parts: base64, input classification, prompt references, geometry, prices, specs, links.
@Suite struct StudioPartsTests {
    @Test func base64FollowsRFC4648BothWays() {
        let vectors = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ]
        for (plain, encoded) in vectors + [("foobar", "Zm9vYmFy")] {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        // Padding optional, line breaks skipped, URL-safe letters read as + and /.
        #expect(Base64.decode("Zm9vYg") == Array("foob".utf8))
        #expect(Base64.decode("Zm9v\r\nYmFy") == Array("foobar".utf8))
        #expect(Base64.decode("-_-_") == Base64.decode("+/+/"))
        for bad in ["Zm9vY", "Zm=9v", "Zm9v!", "Zg===", "Zm9vYg=x"] { #expect(Base64.decode(bad) == nil, "\(bad)") }
    }

    @Test func inputsAreToldApartAsURLsOrBase64AndEachErrorNamesItsEntry() throws {
        let png = PNGEncoder.encode(width: 4, height: 2, rgb: [UInt8](repeating: 9, count: 24))
        func parse(_ value: String) -> Result<InputImage, APIError> {
            InputImage.parse(StudioCall.Input(field: "images[1]", value: value))
        }
        #expect(try parse("https://example.com/a.jpg").get() == .url("https://example.com/a.jpg"))
        #expect(try parse("HTTP://Example.com").get() == .url("HTTP://Example.com"))
        let cases: [(String, String)] = [
            ("", "images[1] is empty: expected an http(s) URL or raw base64 of a JPEG, PNG, WebP or HEIC/HEIF image."),
            ("ftp://example.com/a.jpg", "images[1] is not an http or https URL."),
            ("data:image/png;base64,AAAA", "images[1] is a data: URL; send the raw base64 without the data: prefix."),
            ("https:///a.jpg", "images[1] is not a valid URL: it has no host."),
            ("not base64!", "images[1] is neither an http(s) URL nor valid base64."),
            (Base64.encode(Array("plain text".utf8)), "images[1] is not a JPEG, PNG, WebP or HEIC/HEIF image."),
        ]
        for (value, detail) in cases {
            #expect(throws: APIError.badRequest(detail)) { try parse(value).get() }
        }
        guard case .inline(let format, _, _) = try parse(Base64.encode(png)).get() else {
            Issue.record("base64 PNG not inline")
            return
        }
        #expect(format == .png)
    }

    @Test func promptReferencesMergeWithTheListFirstOccurrenceKept() {
        #expect(PromptReferences.profileIDs(in: "[[a]] and [[b]] then [[a]], [[]] [[x[y]] [[c") == ["a", "b", "a"])
        #expect(PromptReferences.merged(prompt: "[[b]] with [[a]]", listed: ["a", "c", "c"]) == ["b", "a", "c"])
        #expect(PromptReferences.merged(prompt: nil, listed: []) == [])
        // Compared by bytes: composed and decomposed é are two ids.
        #expect(PromptReferences.merged(prompt: "[[\u{e9}]]", listed: ["e\u{301}"]).count == 2)
    }

    @Test func sizesKeepTheRatioExactAtAQuarterOrFullSize() {
        #expect(OutputGeometry.size(.oneK, .square, fullSize: false) == (256, 256))
        #expect(OutputGeometry.size(.oneK, .landscape16x9, fullSize: false) == (256, 144))
        #expect(OutputGeometry.size(.oneK, .portrait3x4, fullSize: false) == (192, 256))
        #expect(OutputGeometry.size(.twoK, .portrait9x16, fullSize: false) == (288, 512))
        #expect(OutputGeometry.size(.fourK, .landscape4x3, fullSize: true) == (4096, 3072))
        #expect(OutputGeometry.resolve(.auto, input: .inline(format: .png, width: 1000, height: 560)) == .landscape16x9)
        #expect(OutputGeometry.resolve(.auto, input: .inline(format: .png, width: 600, height: 800)) == .portrait3x4)
        #expect(OutputGeometry.resolve(.auto, input: .inline(format: .png, width: 500, height: 510)) == .square)
        #expect(OutputGeometry.resolve(.auto, input: .url("https://e.com/a.jpg")) == .square)
        #expect(OutputGeometry.resolve(.portrait9x16, input: nil) == .portrait9x16)
    }

    @Test func pricesFollowTheTable() {
        func call(
            _ endpoint: StudioEndpoint, _ model: BaseModelName?, _ resolution: ImageResolution, count: Int = 1
        )
            -> StudioCall
        {
            StudioCall(
                endpoint: endpoint, prompt: nil, inputs: [], requiresInput: false, profileIDs: [], aspectRatio: .auto,
                resolution: resolution, baseModel: model, quality: nil,
                output: StudioOutputOptions(numOutputImages: count))
        }
        #expect(StudioPricing.micros(for: call(.generate, .nb2, .oneK), identities: 0) == 80_000)
        #expect(StudioPricing.micros(for: call(.generate, .nb2, .twoK, count: 2), identities: 3) == 240_000)
        #expect(StudioPricing.micros(for: call(.edit, .nb2, .fourK), identities: 0) == 160_000)
        #expect(StudioPricing.micros(for: call(.edit, .qwenImage2, .twoK), identities: 0) == 75_000)
        #expect(StudioPricing.micros(for: call(.remix, nil, .twoK, count: 3), identities: 0) == 360_000)
        #expect(StudioPricing.micros(for: call(.enhance, nil, .twoK), identities: 1) == 150_000)
        var high = call(.generate, .gptImage2, .oneK)
        high.quality = .high
        #expect(StudioPricing.micros(for: high, identities: 0) == 250_000)
    }

    @Test func aSpecSurvivesItsStoredFormAndDescribesEachImage() throws {
        let spec = RenderSpec(
            endpoint: .edit, prompt: "caf\u{e9} \"[[a]]\"\n", profileIDs: ["a", "b"], baseModel: .gptImage2,
            quality: .low, resolution: .twoK, aspectRatio: .portrait3x4, width: 384, height: 512, format: .jpg,
            count: 2,
            seed: UInt64.max)
        #expect(RenderSpec(storedJSON: spec.storedJSON) == spec)
        #expect(RenderSpec(storedJSON: "{}") == nil)
        #expect(
            spec.description(index: 1)
                == #"{"endpoint":"edit","prompt":"caf\u00e9 \"[[a]]\"\n","profile_ids":["a","b"],"base_model":"gpt-image-2","quality":"low","resolution":"2K","aspect_ratio":"3:4","width":384,"height":512,"format":"jpg","index":1,"count":2}"#
        )
        var long = spec
        long.prompt = String(repeating: "\u{e9}", count: 9_000)
        let described = long.description(index: 0)
        #expect(described.contains(#""prompt_truncated":true"#))
        #expect(described.utf8.count < 60_000)
    }

    @Test func theResultBodyHasEveryMemberAndNeverANullCount() {
        let empty = StudioResult(profileIDs: [], imagesPerIdentity: 1, images: ["QUJD"], downloadURLs: [])
        #expect(
            String(decoding: empty.json, as: UTF8.self)
                == #"{"known_subjects":{"counts":{}},"images":["QUJD"],"download_urls":[]}"#)
        let two = StudioResult(profileIDs: ["a", "b"], imagesPerIdentity: 3, images: [], downloadURLs: ["http://h/x"])
        #expect(
            String(decoding: two.json, as: UTF8.self)
                == #"{"known_subjects":{"counts":{"a":3,"b":3}},"images":[],"download_urls":["http://h/x"]}"#)
    }

    @Test func linksAreSignedOverIdFileAndExpiry() throws {
        let signer = DownloadSigner(key: Array("key".utf8))
        let link = DownloadLink(
            outputID: "0123456789abcdef0123456789abcdef", index: 1, format: .png, expires: 1_800_000_000)
        let url = try link.url(authority: "example.test:9999", signer: signer)
        #expect(
            url.hasPrefix(
                "http://example.test:9999/downloads/0123456789abcdef0123456789abcdef/1.png?expires=1800000000&signature="
            ))
        let signature = String(url.split(separator: "=").last!)
        #expect(signature.utf8.count == 64)
        #expect(signer.isValid(signature: signature, outputID: link.outputID, file: "1.png", expires: 1_800_000_000))
        #expect(!signer.isValid(signature: signature, outputID: link.outputID, file: "0.png", expires: 1_800_000_000))
        #expect(!signer.isValid(signature: signature, outputID: link.outputID, file: "1.png", expires: 1_800_000_001))
        #expect(
            !DownloadSigner(key: Array("other".utf8)).isValid(
                signature: signature, outputID: link.outputID, file: "1.png", expires: 1_800_000_000))
        #expect(DownloadLink.parseFile("3.jpg")! == (3, .jpg))
        for bad in ["3", "3.gif", ".png", "-1.png", "1.png.png", "x.png", "123.png"] {
            #expect(DownloadLink.parseFile(bad) == nil, "\(bad)")
        }
    }

    @Test func triggersAreFoundInAnyASCIICase() {
        #expect(StudioTrigger.find(in: "please PHOTA-MODERATION this") == .moderation)
        #expect(StudioTrigger.find(in: "x phota-fail-render") == .renderFailure)
        #expect(StudioTrigger.find(in: "Phota-Timeout") == .timeout)
        #expect(StudioTrigger.find(in: "phota moderation") == nil)
        #expect(StudioTrigger.find(in: nil) == nil)
    }
}

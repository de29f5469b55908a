// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Successful studio answers: the exact body in both modes, the defaults, the pixel sizes, the description
/// embedded in every picture, the formats, and the determinism of the pictures.
@Suite struct StudioResponseTests {
    @Test func defaultGenerateIsOneSquare1KPNGInTheBody() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let response = try Studio.post(server, "generate", body: #"{"prompt":"a red fox"}"#)
        let answer = try Studio.expectOK(response, images: 1)
        let image = try #require(answer.images.first)
        #expect(Array(image.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let info = try PillowProbe.probe(image)
        #expect(info.format == "PNG")
        #expect(info.width == 256 && info.height == 256)
        #expect(info.mode == "RGB")
        #expect(
            info.text == [
                "phota-mock": Studio.description(endpoint: "generate", prompt: "a red fox", width: 256, height: 256)
            ])
    }

    @Test func anEmptyBodyObjectGeneratesWithAnEmptyPrompt() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: "{}"), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(
            info.text["phota-mock"] == Studio.description(endpoint: "generate", prompt: "", width: 256, height: 256))
    }

    @Test func fullSizeImagesRenderTheRealSize() throws {
        let server = try Studio.server { $0.fullSizeImages = true }
        defer { server.stop() }
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: #"{"prompt":"big"}"#), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == 1024 && info.height == 1024)
        #expect(
            info.text["phota-mock"]
                == Studio.description(endpoint: "generate", prompt: "big", width: 1024, height: 1024)
        )
    }

    static let sizes: [(resolution: String, aspect: String, width: Int, height: Int)] = [
        ("1K", "1:1", 256, 256), ("1K", "16:9", 256, 144), ("1K", "9:16", 144, 256), ("1K", "3:4", 192, 256),
        ("1K", "4:3", 256, 192), ("2K", "1:1", 512, 512), ("2K", "16:9", 512, 288), ("2K", "3:4", 384, 512),
        ("4K", "1:1", 1024, 1024), ("4K", "9:16", 576, 1024), ("4K", "4:3", 1024, 768),
    ]

    @Test(arguments: Self.sizes)
    func generateSizesFollowResolutionAndAspect(
        _ size: (resolution: String, aspect: String, width: Int, height: Int)
    ) throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"prompt":"p","resolution":"\#(size.resolution)","aspect_ratio":"\#(size.aspect)"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == size.width && info.height == size.height)
        #expect(
            info.text["phota-mock"]
                == Studio.description(
                    endpoint: "generate", prompt: "p", resolution: size.resolution, aspect: size.aspect,
                    width: size.width, height: size.height))
    }

    @Test func fullSize2KWideIsExact() throws {
        let server = try Studio.server { $0.fullSizeImages = true }
        defer { server.stop() }
        let body = #"{"prompt":"p","resolution":"2K","aspect_ratio":"16:9"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == 2048 && info.height == 1152)
    }

    @Test func urlsModeAnswersLinksAndNoImages() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"prompt":"p","num_output_images":2,"response_mode":"urls"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), urls: 2)
        let links = try answer.downloadURLs.map { try Studio.Link($0) }
        #expect(links.map(\.file) == ["0.png", "1.png"])
        #expect(links[0].outputID == links[1].outputID)
        #expect(links[0].outputID.count == 32 && links[0].outputID.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(links.allSatisfy { $0.signature.count == 64 && $0.authority == "127.0.0.1" })
    }

    @Test func severalImagesAreNumberedAndDiffer() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"prompt":"three","num_output_images":3}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 3)
        #expect(Set(answer.images).count == 3)
        for (index, image) in answer.images.enumerated() {
            let info = try PillowProbe.probe(image)
            #expect(
                info.text["phota-mock"]
                    == Studio.description(
                        endpoint: "generate", prompt: "three", width: 256, height: 256, index: index, count: 3))
        }
    }

    @Test func jpgOutputIsAJPEGWithTheDescriptionAsComment() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"prompt":"as jpeg","output_format":"jpg","aspect_ratio":"16:9"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 1)
        let image = try #require(answer.images.first)
        #expect(Array(image.prefix(3)) == [0xFF, 0xD8, 0xFF])
        let info = try PillowProbe.probe(image)
        #expect(info.format == "JPEG")
        #expect(info.width == 256 && info.height == 144)
        #expect(
            info.comment
                == Studio.description(
                    endpoint: "generate", prompt: "as jpeg", aspect: "16:9", width: 256, height: 144, format: "jpg"))
    }

    @Test func gptImage2DescribesItsQuality() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"prompt":"q","base_model":"gpt-image-2","quality":"high","resolution":"2K"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(
            info.text["phota-mock"]
                == Studio.description(
                    endpoint: "generate", prompt: "q", baseModel: "gpt-image-2", quality: "high", resolution: "2K",
                    width: 512, height: 512))
    }

    @Test func theSameRequestOnTheSameSeedGivesTheSameBytes() throws {
        let body = #"{"prompt":"same","num_output_images":2}"#
        func images(seed: UInt64) throws -> [[UInt8]] {
            let server = try Studio.server { $0.seed = seed }
            defer { server.stop() }
            let first = try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 2).images
            let again = try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 2).images
            #expect(first == again)
            return first
        }
        let seven = try images(seed: 7)
        #expect(try images(seed: 7) == seven)
        let eight = try images(seed: 8)
        #expect(eight[0] != seven[0])
        #expect(eight[1] != seven[1])
        #expect(seven[0] != seven[1])
    }

    // MARK: Edit, remix and enhance

    @Test func editTakesItsAspectFromTheInlineInput() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let input = try PillowProbe.makeImage(width: 300, height: 400)
        let body = #"{"prompt":"edit me","images":["\#(input)"]}"#
        let answer = try Studio.expectOK(try Studio.post(server, "edit", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == 192 && info.height == 256)
        #expect(
            info.text["phota-mock"]
                == Studio.description(endpoint: "edit", prompt: "edit me", aspect: "3:4", width: 192, height: 256))
    }

    @Test func editWithAnExplicitAspectIgnoresTheInputs() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let input = try PillowProbe.makeImage(width: 300, height: 400, format: "JPEG")
        let body = #"{"prompt":"wide","images":["\#(input)"],"aspect_ratio":"16:9","resolution":"2K"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "edit", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == 512 && info.height == 288)
        #expect(
            info.text["phota-mock"]
                == Studio.description(
                    endpoint: "edit", prompt: "wide", resolution: "2K", aspect: "16:9", width: 512, height: 288))
    }

    @Test func editWithAURLInputIsSquare() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"prompt":"from a link","images":["https://example.com/a.jpg","http://example.com/b.png"]}"#
        let answer = try Studio.expectOK(try Studio.post(server, "edit", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(
            info.text["phota-mock"]
                == Studio.description(endpoint: "edit", prompt: "from a link", width: 256, height: 256))
    }

    @Test func aGeneratedPNGIsAValidInput() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let generated = try Studio.expectOK(try Studio.post(server, "generate", body: #"{"prompt":"seed"}"#), images: 1)
        let base64 = Data(try #require(generated.images.first)).base64EncodedString()
        let answer = try Studio.expectOK(
            try Studio.post(server, "edit", body: #"{"prompt":"again","images":["\#(base64)"]}"#), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == 256 && info.height == 256)
    }

    static let inputAspects: [(width: Int, height: Int, aspect: String, outWidth: Int, outHeight: Int)] = [
        (400, 300, "4:3", 512, 384), (300, 400, "3:4", 384, 512), (320, 180, "16:9", 512, 288),
        (180, 320, "9:16", 288, 512), (250, 250, "1:1", 512, 512), (500, 100, "16:9", 512, 288),
    ]

    @Test(arguments: Self.inputAspects)
    func remixIs2KInTheInputImagesAspect(
        _ input: (width: Int, height: Int, aspect: String, outWidth: Int, outHeight: Int)
    ) throws {
        let server = try Studio.server()
        defer { server.stop() }
        let image = try PillowProbe.makeImage(width: input.width, height: input.height)
        let body = #"{"input_image":"\#(image)","reference_image":"https://example.com/style.jpg","prompt":"mix"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "remix", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == input.outWidth && info.height == input.outHeight)
        #expect(
            info.text["phota-mock"]
                == Studio.description(
                    endpoint: "remix", prompt: "mix", baseModel: nil, resolution: "2K", aspect: input.aspect,
                    width: input.outWidth, height: input.outHeight))
    }

    @Test func remixOfAURLIsSquare2KAndIgnoresAResolution() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body =
            #"{"input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg","resolution":"1K"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "remix", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.width == 512 && info.height == 512)
        #expect(
            info.text["phota-mock"]
                == Studio.description(
                    endpoint: "remix", prompt: nil, baseModel: nil, resolution: "2K", width: 512, height: 512))
    }

    @Test func enhanceIs2KInTheImagesAspect() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let image = try PillowProbe.makeImage(width: 320, height: 180, format: "JPEG")
        let body = #"{"image":"\#(image)","output_format":"jpg","num_output_images":2}"#
        let answer = try Studio.expectOK(try Studio.post(server, "enhance", body: body), images: 2)
        for (index, bytes) in answer.images.enumerated() {
            let info = try PillowProbe.probe(bytes)
            #expect(info.format == "JPEG")
            #expect(info.width == 512 && info.height == 288)
            #expect(
                info.comment
                    == Studio.description(
                        endpoint: "enhance", prompt: nil, baseModel: nil, resolution: "2K", aspect: "16:9",
                        width: 512, height: 288, format: "jpg", index: index, count: 2))
        }
    }

    @Test func enhanceOfAURLIsSquare2K() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"image":"https://example.com/a.jpg","prompt":"sharper"}"#
        let answer = try Studio.expectOK(try Studio.post(server, "enhance", body: body), images: 1)
        let info = try PillowProbe.probe(try #require(answer.images.first))
        #expect(info.format == "PNG")
        #expect(
            info.text["phota-mock"]
                == Studio.description(
                    endpoint: "enhance", prompt: "sharper", baseModel: nil, resolution: "2K", width: 512, height: 512))
    }
}

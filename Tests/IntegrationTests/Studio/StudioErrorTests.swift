// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaTestSupport
import Testing

/// Studio answers other than 200: 401, one 422 per route, the semantic 400s (models, inputs, async),
/// content moderation and a failed render; each with the deprecation header and its request id.
@Suite struct StudioErrorTests {
    static let endpoints = ["edit", "generate", "enhance", "remix"]
    static let formats = "a JPEG, PNG, WebP or HEIC/HEIF image"

    @Test(arguments: Self.endpoints)
    func missingOrEmptyKeyIs401(_ endpoint: String) throws {
        let server = try Studio.server()
        defer { server.stop() }
        for key in [nil, ""] as [String?] {
            let response = try Studio.post(server, endpoint, key: key, body: "{}")
            Studio.expectError(
                response, status: 401, code: "UNAUTHORIZED",
                detail: "Missing or invalid API key in the X-API-Key header.")
        }
    }

    static let invalidBodies: [(endpoint: String, body: String)] = [
        ("edit", #"{"images":["https://example.com/a.jpg"],"num_output_images":5}"#),
        ("generate", #"{"aspect_ratio":"2:1"}"#),
        ("enhance", "{}"),
        ("remix", #"{"input_image":"https://example.com/a.jpg"}"#),
    ]

    @Test(arguments: Self.invalidBodies)
    func aSchemaViolationIs422WithTheDeprecationHeader(_ invalid: (endpoint: String, body: String)) throws {
        let server = try Studio.server()
        defer { server.stop() }
        let response = try Studio.post(server, invalid.endpoint, body: invalid.body)
        #expect(response.status == 422, "\(response.bodyText)")
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("X-Request-Id")?.isEmpty == false)
        #expect(response.bodyText.hasPrefix(#"{"detail":"#))
        Studio.expectDeprecation(response)
    }

    @Test func qualityNeedsGPTImage2() throws {
        let server = try Studio.server()
        defer { server.stop() }
        Studio.expectBadRequest(
            try Studio.post(server, "generate", body: #"{"prompt":"p","quality":"high"}"#),
            "quality is only supported with base_model 'gpt-image-2', got 'nb2'.")
        Studio.expectBadRequest(
            try Studio.post(
                server, "edit",
                body: #"{"images":["https://example.com/a.jpg"],"base_model":"flux-2","quality":"low"}"#),
            "quality is only supported with base_model 'gpt-image-2', got 'flux-2'.")
        // gpt-image-2 takes every quality, and nb2 may send an explicit null.
        for quality in ["auto", "low", "medium", "high"] {
            let body = #"{"base_model":"gpt-image-2","quality":"\#(quality)"}"#
            try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 1)
        }
        try Studio.expectOK(try Studio.post(server, "generate", body: #"{"quality":null}"#), images: 1)
    }

    static let unsupported: [(model: String, resolution: String, offered: String)] = [
        ("qwen-image-2", "4K", "1K, 2K"), ("flux-2", "4K", "1K, 2K"), ("reve", "2K", "1K"), ("reve", "4K", "1K"),
    ]

    @Test(arguments: Self.unsupported)
    func aResolutionTheModelLacksIs400(_ case_: (model: String, resolution: String, offered: String)) throws {
        let server = try Studio.server()
        defer { server.stop() }
        let detail =
            "resolution '\(case_.resolution)' is not supported by base_model '\(case_.model)' "
            + "(supported: \(case_.offered))."
        let generate = #"{"base_model":"\#(case_.model)","resolution":"\#(case_.resolution)"}"#
        Studio.expectBadRequest(try Studio.post(server, "generate", body: generate), detail)
        let edit =
            #"{"images":["https://example.com/a.jpg"],"base_model":"\#(case_.model)","resolution":"\#(case_.resolution)"}"#
        Studio.expectBadRequest(try Studio.post(server, "edit", body: edit), detail)
    }

    static let supported: [(model: String, resolution: String)] = [
        ("nb2", "4K"), ("gpt-image-2", "4K"), ("qwen-image-2", "2K"), ("flux-2", "2K"), ("reve", "1K"),
    ]

    @Test(arguments: Self.supported)
    func aResolutionTheModelHasIsServed(_ case_: (model: String, resolution: String)) throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body = #"{"base_model":"\#(case_.model)","resolution":"\#(case_.resolution)"}"#
        try Studio.expectOK(try Studio.post(server, "generate", body: body), images: 1)
    }

    @Test func editNeedsAnImage() throws {
        let server = try Studio.server()
        defer { server.stop() }
        for body in [#"{"prompt":"nothing to edit"}"#, #"{"images":[]}"#] {
            Studio.expectBadRequest(
                try Studio.post(server, "edit", body: body), "edit needs at least one image in images.")
        }
    }

    @Test func anAsyncCallbackOverPlainHTTPToAPublicHostIsRefused() throws {
        let server = try Studio.server()
        defer { server.stop() }
        Studio.expectBadRequest(
            try Studio.post(
                server, "generate",
                body: #"{"async":true,"response_mode":"urls","callback_url":"http://example.com/hook"}"#),
            "callback_url must be an https URL (http is accepted for loopback and private hosts), got http to example.com."
        )
        Studio.expectBadRequest(
            try Studio.post(
                server, "generate", body: #"{"async":true,"response_mode":"urls","callback_url":"ftp://h/x"}"#),
            "callback_url must be an https URL (http is accepted for loopback and private hosts).")
    }

    /// Each bad input value and the detail that names its entry.
    static let badInputs: [(value: String, detail: @Sendable (String) -> String)] = [
        ("", { "\($0) is empty: expected an http(s) URL or raw base64 of \(Self.formats)." }),
        ("ftp://example.com/a.jpg", { "\($0) is not an http or https URL." }),
        ("file:///etc/passwd", { "\($0) is not an http or https URL." }),
        (
            "data:image/png;base64,iVBORw0KGgo=",
            { "\($0) is a data: URL; send the raw base64 without the data: prefix." }
        ),
        ("not*base64!", { "\($0) is neither an http(s) URL nor valid base64." }),
        (Data("hello, these are not image bytes".utf8).base64EncodedString(), { "\($0) is not \(Self.formats)." }),
        ("http://", { "\($0) is not a valid URL: it has no host." }),
        ("https:///a.jpg", { "\($0) is not a valid URL: it has no host." }),
    ]

    @Test func badInputsNameTheirEntry() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let good = "https://example.com/a.jpg"
        for (value, detail) in Self.badInputs {
            let quoted = Studio.quote(value)
            Studio.expectBadRequest(
                try Studio.post(server, "edit", body: #"{"images":["\#(good)",\#(quoted)]}"#), detail("images[1]"))
            Studio.expectBadRequest(
                try Studio.post(server, "edit", body: #"{"images":[\#(quoted)]}"#), detail("images[0]"))
            Studio.expectBadRequest(try Studio.post(server, "enhance", body: #"{"image":\#(quoted)}"#), detail("image"))
            Studio.expectBadRequest(
                try Studio.post(server, "remix", body: #"{"input_image":\#(quoted),"reference_image":"\#(good)"}"#),
                detail("input_image"))
            Studio.expectBadRequest(
                try Studio.post(server, "remix", body: #"{"input_image":"\#(good)","reference_image":\#(quoted)}"#),
                detail("reference_image"))
        }
    }

    @Test func validInputsAreAccepted() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let png = try PillowProbe.makeImage(width: 64, height: 64)
        let jpeg = try PillowProbe.makeImage(width: 64, height: 48, format: "JPEG")
        let urls = ["https://example.com/a.jpg", "http://example.com:8080/b.png?x=1", "HTTPS://EXAMPLE.COM/c"]
        let images = ([png, jpeg] + urls).map { Studio.quote($0) }.joined(separator: ",")
        try Studio.expectOK(try Studio.post(server, "edit", body: #"{"images":[\#(images)]}"#), images: 1)
        try Studio.expectOK(try Studio.post(server, "enhance", body: #"{"image":"\#(jpeg)"}"#), images: 1)
        try Studio.expectOK(
            try Studio.post(server, "remix", body: #"{"input_image":"\#(png)","reference_image":"\#(urls[0])"}"#),
            images: 1)
        // MIME-wrapped base64 (line breaks) is read too.
        var wrapped = ""
        for (offset, character) in png.enumerated() {
            if offset > 0 && offset % 76 == 0 { wrapped += "\\n" }
            wrapped.append(character)
        }
        try Studio.expectOK(try Studio.post(server, "enhance", body: #"{"image":"\#(wrapped)"}"#), images: 1)
    }

    @Test(arguments: Self.endpoints)
    func moderationTriggerIs400(_ endpoint: String) throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body: String
        switch endpoint {
        case "edit": body = #"{"prompt":"a Phota-Moderation test","images":["https://example.com/a.jpg"]}"#
        case "enhance": body = #"{"prompt":"phota-moderation","image":"https://example.com/a.jpg"}"#
        case "remix":
            body =
                #"{"prompt":"x PHOTA-MODERATION","input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg"}"#
        default: body = #"{"prompt":"please phota-moderation this"}"#
        }
        Studio.expectError(
            try Studio.post(server, endpoint, body: body), status: 400, code: "CONTENT_MODERATION",
            detail: "The request was rejected by content moderation.")
    }

    @Test func moderationComesBeforeProfilesAndAfterInputs() throws {
        let server = try Studio.server()
        defer { server.stop() }
        Studio.expectError(
            try Studio.post(server, "generate", body: #"{"prompt":"[[nobody]] phota-moderation"}"#), status: 400,
            code: "CONTENT_MODERATION", detail: "The request was rejected by content moderation.")
        Studio.expectBadRequest(
            try Studio.post(server, "edit", body: #"{"prompt":"phota-moderation","images":["ftp://x/y"]}"#),
            "images[0] is not an http or https URL.")
    }

    @Test(arguments: Self.endpoints)
    func failRenderTriggerIs500(_ endpoint: String) throws {
        let server = try Studio.server()
        defer { server.stop() }
        let body: String
        switch endpoint {
        case "edit": body = #"{"prompt":"phota-fail-render","images":["https://example.com/a.jpg"]}"#
        case "enhance": body = #"{"prompt":"Phota-Fail-Render","image":"https://example.com/a.jpg"}"#
        case "remix":
            body =
                #"{"prompt":"phota-fail-render","input_image":"https://example.com/a.jpg","reference_image":"https://example.com/b.jpg"}"#
        default: body = #"{"prompt":"phota-fail-render please","response_mode":"urls"}"#
        }
        Studio.expectError(
            try Studio.post(server, endpoint, body: body), status: 500, code: "INTERNAL_ERROR",
            detail: "Internal server error.")
    }

    @Test func downloadsOfUnknownOutputsAreRefused() throws {
        let server = try Studio.server()
        defer { server.stop() }
        let response = try Studio.send(
            server, "GET", "/downloads/0123456789abcdef0123456789abcdef/0.png?expires=1&signature=00")
        Studio.expectError(
            response, status: 403, code: "FORBIDDEN", detail: "The download link's signature is invalid.",
            studio: false)
        let unsigned = try Studio.send(server, "GET", "/downloads/0123456789abcdef0123456789abcdef/0.png")
        Studio.expectError(
            unsigned, status: 403, code: "FORBIDDEN", detail: "The download link's signature is invalid.",
            studio: false)
    }
}

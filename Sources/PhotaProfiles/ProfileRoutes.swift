// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP

/// The `/v1/phota/profiles` endpoints: authenticate, validate, call the backend, encode.
public struct ProfileRoutes: Sendable {
    let backend: any ProfileBackend
    let keys: APIKeyPolicy

    public init(backend: any ProfileBackend, keys: APIKeyPolicy) {
        self.backend = backend
        self.keys = keys
    }

    /// Adds the routes to `router`.
    public func register(on router: inout Router) {
        router.add("POST", "/v1/phota/profiles/add") { request, _, context in self.add(request, context) }
        router.add("GET", "/v1/phota/profiles/ids") { request, _, context in self.ids(request, context) }
        router.add("GET", "/v1/phota/profiles/{profile_id}/status") { request, parameters, context in
            self.status(request, parameters["profile_id"] ?? "", context)
        }
        router.add("GET", "/v1/phota/profiles/{profile_id}/profile_picture") { request, parameters, context in
            self.picture(request, parameters["profile_id"] ?? "", context)
        }
        router.add("DELETE", "/v1/phota/profiles/{profile_id}") { request, parameters, context in
            self.delete(request, parameters["profile_id"] ?? "", context)
        }
    }

    func add(_ request: HTTPRequest, _ context: RequestContext) -> Reply {
        let apiKey: String
        do {
            apiKey = try self.keys.authenticate(request)
        } catch {
            return .response(error.response(requestID: context.requestID))
        }
        let body: AddProfileRequest
        switch AddProfileRequest.validate(body: request.body, contentType: request.headers["content-type"]) {
        case .success(let valid): body = valid
        case .failure(let failure): return .response(ProfileRoutes.unprocessable(failure))
        }
        let promise = context.deferResponse()
        let requestID = context.requestID
        self.backend.add(apiKey: apiKey, request: body) { result in
            switch result {
            case .success(let id): promise.succeed(.json(.ok, "{\"profile_id\":\(JSONText.quote(id))}"))
            case .failure(let error): promise.succeed(error.response(requestID: requestID))
            }
        }
        return .deferred
    }

    func status(_ request: HTTPRequest, _ id: String, _ context: RequestContext) -> Reply {
        self.answer(request, context) { apiKey throws(APIError) in
            let view = try self.backend.status(apiKey: apiKey, id: id)
            // Written as bytes: the most polled endpoint, and string interpolation was half its handler's time.
            var body: [UInt8] = []
            body.reserveCapacity(96)
            body.append(contentsOf: "{\"profile_id\":".utf8)
            JSONText.appendQuoted(view.profileID, to: &body)
            body.append(contentsOf: ",\"status\":".utf8)
            JSONText.appendQuoted(view.status, to: &body)
            body.append(contentsOf: ",\"message\":".utf8)
            if let message = view.message {
                JSONText.appendQuoted(message, to: &body)
            } else {
                body.append(contentsOf: "null".utf8)
            }
            body.append(UInt8(ascii: "}"))
            return .json(.ok, bytes: body)
        }
    }

    func ids(_ request: HTTPRequest, _ context: RequestContext) -> Reply {
        let tags = request.query.filter { $0.name == "tag" }.map(\.value)
        return self.answer(request, context) { apiKey throws(APIError) in
            let tag: String?
            switch validateTagQuery(tags) {
            case .success(let valid): tag = valid
            case .failure(let failure): return ProfileRoutes.unprocessable(failure)
            }
            let ids = try self.backend.ids(apiKey: apiKey, tag: tag)
            // Written as bytes, like status: quoting each id into a string and joining them cost twice as much.
            var body: [UInt8] = Array("{\"profiles\":[".utf8)
            body.reserveCapacity(16 + ids.count * 35)
            for (index, id) in ids.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(id, to: &body)
            }
            body.append(contentsOf: "]}".utf8)
            return .json(.ok, bytes: body)
        }
    }

    func picture(_ request: HTTPRequest, _ id: String, _ context: RequestContext) -> Reply {
        self.answer(request, context) { apiKey throws(APIError) in
            let jpeg = try self.backend.picture(apiKey: apiKey, id: id)
            return HTTPResponse(status: .ok, headers: HTTPHeaders([("content-type", "image/jpeg")]), body: jpeg)
        }
    }

    func delete(_ request: HTTPRequest, _ id: String, _ context: RequestContext) -> Reply {
        let apiKey: String
        do {
            apiKey = try self.keys.authenticate(request)
        } catch {
            return .response(error.response(requestID: context.requestID))
        }
        let promise = context.deferResponse()
        let requestID = context.requestID
        self.backend.delete(apiKey: apiKey, id: id) { result in
            switch result {
            case .success: promise.succeed(.json(.ok, "{\"profile_id\":\(JSONText.quote(id)),\"status\":\"ok\"}"))
            case .failure(let error): promise.succeed(error.response(requestID: requestID))
            }
        }
        return .deferred
    }

    /// Authenticates, runs `body`, and turns an `APIError` into its response.
    private func answer(
        _ request: HTTPRequest, _ context: RequestContext, _ body: (String) throws(APIError) -> HTTPResponse
    ) -> Reply {
        do {
            let apiKey = try self.keys.authenticate(request)
            return .response(try body(apiKey))
        } catch {
            return .response(error.response(requestID: context.requestID))
        }
    }

    static func unprocessable(_ failure: ValidationFailure) -> HTTPResponse {
        // Usually 422; FastAPI's 400 (undecodable body) and plain-text 500 cases keep their own status and type.
        HTTPResponse(
            status: failure.status, headers: HTTPHeaders([("content-type", failure.contentType)]), body: failure.body)
    }
}

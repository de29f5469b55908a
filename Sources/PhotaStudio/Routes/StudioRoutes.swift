// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP

/// The studio endpoints (`/v1/phota/edit`, `/generate`, `/enhance`, `/remix`) and the download links their
/// `urls` mode hands out (`/downloads/…`, served without an API key: the signature is the credential).
public struct StudioRoutes: Sendable {
    let service: StudioService
    let keys: APIKeyPolicy
    let jobs: any StudioJobSubmitter

    public init(service: StudioService, keys: APIKeyPolicy, jobs: any StudioJobSubmitter) {
        self.service = service
        self.keys = keys
        self.jobs = jobs
    }

    /// The date every studio answer announces in `X-Phota-Deprecation-Date`.
    public static let deprecationDate = "2026-05-08"

    /// The route group of each studio path: FastAPI's routing, plus the deprecation header on every answer
    /// (validation errors and faults included).
    public static var routeGroup: RouteGroup {
        var group = FastAPIRouteGroup.group
        group.responseHeaders = [("x-phota-deprecation-date", Self.deprecationDate)]
        return group
    }

    /// Adds the routes and their groups to `router`.
    public func register(on router: inout Router) {
        for endpoint in StudioEndpoint.allCases {
            router.configure(prefix: endpoint.path, Self.routeGroup)
        }
        router.add("POST", StudioEndpoint.edit.path) { request, _, context in
            self.studio(request, context) { EditRequest.validate(body: $0, contentType: $1).map(\.call) }
        }
        router.add("POST", StudioEndpoint.generate.path) { request, _, context in
            self.studio(request, context) { GenerateRequest.validate(body: $0, contentType: $1).map(\.call) }
        }
        router.add("POST", StudioEndpoint.enhance.path) { request, _, context in
            self.studio(request, context) { EnhanceRequest.validate(body: $0, contentType: $1).map(\.call) }
        }
        router.add("POST", StudioEndpoint.remix.path) { request, _, context in
            self.studio(request, context) { RemixRequest.validate(body: $0, contentType: $1).map(\.call) }
        }
        router.add("GET", DownloadLink.routePattern) { request, parameters, context in
            self.download(request, parameters["output_id"] ?? "", parameters["file"] ?? "", context)
        }
    }

    func studio(
        _ request: HTTPRequest, _ context: RequestContext,
        _ validate: ([UInt8], String?) -> Result<StudioCall, ValidationFailure>
    ) -> Reply {
        let prepared: PreparedCall
        do {
            let apiKey = try self.keys.authenticate(request)
            let call: StudioCall
            switch validate(request.body, request.headers["content-type"]) {
            case .success(let valid): call = valid
            case .failure(let failure): return .response(Self.unprocessable(failure))
            }
            prepared = try self.service.prepare(apiKey: apiKey, call: call)
        } catch {
            return .response(error.response(requestID: context.requestID))
        }
        let promise: ReplyPromise
        let requestID = context.requestID
        if prepared.call.output.isAsync {
            promise = context.deferResponse()
            self.jobs.submit(prepared, requestID: requestID, authority: Self.authority(of: request)) {
                promise.succeed($0)
            }
            return .deferred
        }
        if prepared.isImmediate {
            return .response(Self.ok(self.service.answerNow(prepared)))
        }
        promise = context.deferResponse()
        self.service.run(prepared, authority: Self.authority(of: request)) { result in
            switch result {
            case .success(let answer): promise.succeed(Self.ok(answer))
            case .failure(let error): promise.succeed(error.response(requestID: requestID))
            }
        }
        return .deferred
    }

    func download(_ request: HTTPRequest, _ outputID: String, _ file: String, _ context: RequestContext) -> Reply {
        let resolved: (spec: RenderSpec, index: Int)
        do {
            resolved = try self.service.resolveDownload(
                outputID: outputID, file: file, expires: request.queryValue("expires"),
                signature: request.queryValue("signature"))
        } catch {
            return .response(error.response(requestID: context.requestID))
        }
        let contentType = resolved.spec.contentType
        guard resolved.spec.width * resolved.spec.height > StudioService.inlinePixelLimit else {
            return .response(
                Self.image(self.service.image(resolved.spec, index: resolved.index), contentType: contentType))
        }
        let promise = context.deferResponse()
        self.service.renderLater(resolved.spec, index: resolved.index) { bytes in
            promise.succeed(Self.image(bytes, contentType: contentType))
        }
        return .deferred
    }

    /// The host and port the client addressed (its `Host`, or HTTP/2's `:authority`), for links back to this
    /// server as the client sees it; `127.0.0.1` when a request names none (HTTP/1.0).
    static func authority(of request: HTTPRequest) -> String {
        if let host = request.headers["host"], !host.isEmpty { return host }
        return "127.0.0.1"
    }

    static func ok(_ result: StudioResult) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: HTTPHeaders([("content-type", "application/json")]), body: result.json)
    }

    static func image(_ bytes: [UInt8], contentType: String) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: HTTPHeaders([("content-type", contentType), ("cache-control", "private, max-age=86400")]),
            body: bytes)
    }

    static func unprocessable(_ failure: ValidationFailure) -> HTTPResponse {
        HTTPResponse(
            status: failure.status, headers: HTTPHeaders([("content-type", failure.contentType)]), body: failure.body)
    }
}

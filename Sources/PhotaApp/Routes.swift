// SPDX-License-Identifier: Apache-2.0
import PhotaAPI
import PhotaHTTP

/// The route table: the Phota API under `/v1/phota`, the emulator's own endpoints under `/_mock`.
public enum Routes {
    /// The application's router.
    public static func make(profiles: any ProfileBackend, keys: APIKeyPolicy) -> Router {
        var router = Router(
            notFound: { _, context in APIError.notFound.response(requestID: context.requestID) },
            methodNotAllowed: { _, _, context in APIError.methodNotAllowed.response(requestID: context.requestID) }
        )
        ProfileRoutes(backend: profiles, keys: keys).register(on: &router)
        let openAPI = Array((OpenAPIDocuments.photaApi + "\n").utf8)
        router.add("GET", "/v1/phota/openapi.json") { _, _, _ in
            .response(HTTPResponse(status: .ok, headers: HTTPHeaders([("content-type", "application/json")]), body: openAPI))
        }
        router.add("GET", "/_mock/health") { _, _, _ in
            .response(.json(.ok, #"{"status":"ok"}"#))
        }
        return router
    }
}

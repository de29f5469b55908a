// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaControl
import PhotaDashboard
import PhotaHTTP
import PhotaJobs
import PhotaOpenAPI
import PhotaProfiles
import PhotaStudio

/// The route table: the Phota API under `/v1/phota`, the emulator's own endpoints under `/_mock`, and the
/// studio's download links under `/downloads`.
public enum Routes {
    /// The application's router.
    public static func make(
        profiles: any ProfileBackend, studio: StudioService, jobs: JobService, keys: APIKeyPolicy, admin: AdminRoutes
    ) -> Router {
        var router = Router(
            notFound: { _, context in APIError.notFound.response(requestID: context.requestID) },
            methodNotAllowed: { _, _, context in APIError.methodNotAllowed.response(requestID: context.requestID) },
            badRequest: { _, detail, context in
                DefaultErrorBody.response(status: .badRequest, detail: detail, requestID: context.requestID)
            }
        )
        // `/v1/phota` routes as FastAPI routes them (escapes, HEAD, trailing slashes); `/_mock` keeps
        // the HTTP layer's stricter defaults.
        router.configure(prefix: "/v1/phota", FastAPIRouteGroup.group)
        ProfileRoutes(backend: profiles, keys: keys).register(on: &router)
        StudioRoutes(service: studio, keys: keys, jobs: jobs).register(on: &router)
        JobRoutes(jobs: jobs, keys: keys).register(on: &router)
        let openAPI = Array((OpenAPIDocuments.photaApi + "\n").utf8)
        let openAPIHandler: RouteHandler = { _, _, _ in
            .response(
                HTTPResponse(status: .ok, headers: HTTPHeaders([("content-type", "application/json")]), body: openAPI))
        }
        // FastAPI serves its document through a plain Starlette route, which answers HEAD too.
        router.add("GET", "/v1/phota/openapi.json", openAPIHandler)
        router.add("HEAD", "/v1/phota/openapi.json", openAPIHandler)
        let adminOpenAPI = Array((OpenAPIDocuments.photaMockAdmin + "\n").utf8)
        router.add("GET", "/_mock/openapi.json") { _, _, _ in
            .response(
                HTTPResponse(
                    status: .ok, headers: HTTPHeaders([("content-type", "application/json")]), body: adminOpenAPI))
        }
        admin.register(on: &router)
        JobAdminRoutes(jobs: jobs, inbox: CallbackInbox()).register(on: &router)
        // Under `/_mock`, so behind the same access rule (which also takes its token as `?token=`).
        DashboardRoutes.register(on: &router)
        return router
    }
}

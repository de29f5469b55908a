// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// The route table.
enum Routes {
    static func make() -> Router {
        var router = Router(
            notFound: { _, context in
                DefaultErrorBody.response(status: .notFound, detail: "Not Found", requestID: context.requestID)
            },
            methodNotAllowed: { _, _, context in
                DefaultErrorBody.response(status: .methodNotAllowed, detail: "Method Not Allowed", requestID: context.requestID)
            }
        )
        router.add("GET", "/_mock/health") { _, _, _ in
            .response(.json(.ok, #"{"status":"ok"}"#))
        }
        return router
    }
}

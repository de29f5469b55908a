// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP

/// `GET /v1/phota/jobs/{job_id}` and `GET /v1/phota/webhook-secret`.
public struct JobRoutes: Sendable {
    let jobs: JobService
    let keys: APIKeyPolicy

    public init(jobs: JobService, keys: APIKeyPolicy) {
        self.jobs = jobs
        self.keys = keys
    }

    public func register(on router: inout Router) {
        router.add("GET", "/v1/phota/jobs/{job_id}") { request, parameters, context in
            do throws(APIError) {
                let apiKey = try self.keys.authenticate(request)
                let body = try self.jobs.poll(apiKey: apiKey, id: parameters["job_id"] ?? "")
                return .response(
                    HTTPResponse(status: .ok, headers: HTTPHeaders([("content-type", "application/json")]), body: body))
            } catch {
                return .response(error.response(requestID: context.requestID))
            }
        }
        router.add("GET", "/v1/phota/webhook-secret") { request, _, context in
            let apiKey: String
            do throws(APIError) {
                apiKey = try self.keys.authenticate(request)
            } catch {
                return .response(error.response(requestID: context.requestID))
            }
            let promise = context.deferResponse()
            let requestID = context.requestID
            self.jobs.secrets.secret(apiKey: apiKey) { result in
                switch result {
                case .success(let secret): promise.succeed(.json(.ok, Self.secretJSON(secret)))
                case .failure(let error): promise.succeed(error.response(requestID: requestID))
                }
            }
            return .deferred
        }
    }

    /// `{"secret": "whsec_…", "algorithm": "HMAC-SHA256", "header": "X-Phota-Signature"}`.
    static func secretJSON(_ secret: String) -> String {
        "{\"secret\":\(JSONText.quote(secret)),\"algorithm\":\"HMAC-SHA256\",\"header\":\"X-Phota-Signature\"}"
    }
}

// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP
import PhotaStorage

/// The jobs room's part of the control plane, under `/_mock` (and so behind its access rule, but for the inbox's
/// `POST`): jobs, callback deliveries with every attempt, webhook-secret rotation, and the callback inbox.
public struct JobAdminRoutes: Sendable {
    let jobs: JobService
    let inbox: CallbackInbox

    public init(jobs: JobService, inbox: CallbackInbox) {
        self.jobs = jobs
        self.inbox = inbox
    }

    public func register(on router: inout Router) {
        router.add("GET", "/_mock/jobs") { request, _, context in
            self.answer(context) { () throws(APIError) in
                let records = try self.reading { db in
                    try JobRepository(db).list(apiKey: request.queryValue("api_key"), limit: 1000)
                }
                var body = Array("{\"jobs\":[".utf8)
                for (index, record) in records.enumerated() {
                    if index > 0 { body.append(UInt8(ascii: ",")) }
                    // A job still running is shown as the runner holds it, as a poll would.
                    body += self.jobs.json(self.jobs.current(record.id) ?? record)
                }
                return body + Array("]}".utf8)
            }
        }
        router.add("GET", "/_mock/callbacks") { request, _, context in
            self.answer(context) { () throws(APIError) in
                let records = try self.reading { db in
                    try DeliveryRepository(db).list(
                        apiKey: request.queryValue("api_key"), jobID: request.queryValue("job_id"))
                }
                return Array(("{\"deliveries\":[" + records.map(Self.deliveryJSON).joined(separator: ",") + "]}").utf8)
            }
        }
        router.add("POST", "/_mock/webhook-secret/{api_key}/rotate") { _, parameters, context in
            let apiKey = parameters["api_key"] ?? ""
            guard APIKey.isWellFormed(apiKey) else {
                return .response(
                    APIError.badRequest("api_key must be \(APIKey.rule)").response(requestID: context.requestID))
            }
            let promise = context.deferResponse()
            let requestID = context.requestID
            self.jobs.secrets.rotate(apiKey: apiKey) { result in
                switch result {
                case .success(let secret):
                    promise.succeed(
                        .json(.ok, "{\"api_key\":\(JSONText.quote(apiKey)),\"secret\":\(JSONText.quote(secret))}"))
                case .failure(let error): promise.succeed(error.response(requestID: requestID))
                }
            }
            return .deferred
        }
        router.add("POST", "/_mock/inbox/{name}") { request, parameters, _ in
            let name = parameters["name"] ?? ""
            self.inbox.record(name: name, self.entry(request))
            return .response(.json(.ok, "{\"received\":true}"))
        }
        router.add("GET", "/_mock/inbox/{name}") { _, parameters, _ in
            .response(.json(.ok, self.inbox.json(name: parameters["name"] ?? "")))
        }
        router.add("DELETE", "/_mock/inbox/{name}") { _, parameters, _ in
            .response(.json(.ok, "{\"cleared\":\(self.inbox.clear(name: parameters["name"] ?? ""))}"))
        }
    }

    /// What the inbox keeps of a callback: the `X-Phota-*` fields, the body, and whether its signature is the
    /// job's account's (the job is read from the body's `job.job_id`).
    func entry(_ request: HTTPRequest) -> CallbackInbox.Entry {
        let headers = request.headers.fields.filter { $0.name.hasPrefix("x-phota-") || $0.name == "content-type" }
            .map { ($0.name, $0.value) }
        let jobID = Self.jobID(in: request.body)
        var valid = false
        if let jobID, let signature = request.headers["x-phota-signature"],
            let job = try? self.jobs.storage.read({ db in try JobRepository(db).find(id: jobID) }),
            let secret = self.jobs.secrets.existing(apiKey: job.apiKey)
        {
            valid = CallbackSignature.isValid(header: signature, secret: secret, body: request.body)
        }
        return CallbackInbox.Entry(
            receivedAt: ISOTimestamp.nowMilliseconds(), headers: headers, body: request.body, jobID: jobID,
            signatureValid: valid)
    }

    /// `job.job_id` of a callback body.
    static func jobID(in body: [UInt8]) -> String? {
        let parsed = body.withUnsafeBufferPointer { buffer -> JSONValue? in
            var parser = PythonJSONParser(bytes: buffer)
            return try? parser.parseDocument()
        }
        guard case .object(let root) = parsed, case .object(let job) = root["job"], case .string(let id) = job["job_id"]
        else { return nil }
        return id
    }

    /// `{"delivery_id", "job_id", "api_key", "url", "event", "state", "next_attempt_at", "attempts": […], "body": …}`.
    static func deliveryJSON(_ record: DeliveryRecord) -> String {
        var out = "{\"delivery_id\":" + JSONText.quote(record.id)
        out += ",\"job_id\":" + JSONText.quote(record.jobID)
        out += ",\"api_key\":" + JSONText.quote(record.apiKey)
        out += ",\"url\":" + JSONText.quote(record.url)
        out += ",\"event\":" + JSONText.quote(record.event)
        out += ",\"state\":" + JSONText.quote(record.state)
        out +=
            ",\"next_attempt_at\":"
            + (record.nextAttemptAt.map { JSONText.quote(ISOTimestamp.format(milliseconds: $0)) } ?? "null")
        out += ",\"attempts\":" + record.attempts
        out += ",\"body\":" + record.body + "}"
        return out
    }

    private func reading<T>(_ body: (Database) throws -> T) throws(APIError) -> T {
        do {
            return try self.jobs.storage.read(body)
        } catch {
            self.jobs.logger.error("storage read failed", metadata: ["error": "\(error)"])
            throw .internalError
        }
    }

    private func answer(_ context: RequestContext, _ body: () throws(APIError) -> [UInt8]) -> Reply {
        do {
            return .response(
                HTTPResponse(
                    status: .ok, headers: HTTPHeaders([("content-type", "application/json")]), body: try body()))
        } catch {
            return .response(error.response(requestID: context.requestID))
        }
    }
}

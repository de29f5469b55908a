// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import PhotaStorage

/// A job as `GET /v1/phota/jobs/{job_id}`, the `202` of a submit and every callback show it:
///
/// `{"job_id", "status", "endpoint", "poll_url", "client_request_id", "created_at", "started_at", "finished_at",
/// "result", "error"}` — times as ISO 8601 on the account's simulated clock (null until reached); `result` the
/// body the synchronous call would have answered (`SUCCEEDED` only), `error` a Phota error body (`FAILED` only).
enum JobView {
    /// The job's JSON; `result` is the finished answer's JSON text, when it succeeded.
    static func json(_ job: JobRecord, result: [UInt8]?) -> [UInt8] {
        var out = "{\"job_id\":" + JSONText.quote(job.id)
        out += ",\"status\":" + JSONText.quote(job.status)
        out += ",\"endpoint\":" + JSONText.quote(job.endpoint)
        out += ",\"poll_url\":" + JSONText.quote(Self.pollURL(job))
        out += ",\"client_request_id\":" + (job.clientRequestID.map(JSONText.quote) ?? "null")
        out += ",\"created_at\":" + Self.time(job.createdAt)
        out += ",\"started_at\":" + Self.time(job.startedAt)
        out += ",\"finished_at\":" + Self.time(job.finishedAt)
        var bytes = Array(out.utf8)
        bytes += Array(",\"result\":".utf8)
        bytes += result ?? Array("null".utf8)
        bytes += Array(",\"error\":".utf8)
        if job.status == JobStatus.failed.rawValue, let status = job.errorStatus, let code = job.errorCode {
            bytes += Array(
                ("{\"status\":\(status),\"detail\":" + JSONText.quote(job.errorDetail ?? "") + ",\"code\":"
                    + JSONText.quote(code) + ",\"request_id\":" + JSONText.quote(job.requestID) + "}").utf8)
        } else {
            bytes += Array("null".utf8)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// `http://<host the client used>/v1/phota/jobs/<id>`.
    static func pollURL(_ job: JobRecord) -> String {
        "http://\(job.authority)/v1/phota/jobs/\(job.id)"
    }

    private static func time(_ milliseconds: Int64?) -> String {
        milliseconds.map { JSONText.quote(ISOTimestamp.format(milliseconds: $0)) } ?? "null"
    }
}

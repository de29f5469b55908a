// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP

/// Where an `async: true` call goes once it passed the checks that need no waiting: the jobs room answers it
/// (`202` with a job handle, or an error) and runs it later.
public protocol StudioJobSubmitter: Sendable {
    /// Takes the call; `answer` gets the response to send (from any thread, exactly once).
    func submit(
        _ prepared: PreparedCall, requestID: String, authority: String,
        answer: @escaping @Sendable (HTTPResponse) -> Void)
}

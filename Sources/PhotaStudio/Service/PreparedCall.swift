// SPDX-License-Identifier: Apache-2.0

/// A studio call that passed every check that needs no waiting: what remains is to fetch its URL inputs
/// (with `--fetch-images`), charge it, let its processing time pass and render.
public struct PreparedCall: Sendable {
    public var apiKey: String
    public var call: StudioCall
    public var spec: RenderSpec
    /// URL inputs to download and check first, as (field, url).
    public var urlsToCheck: [(field: String, url: String)]
    /// The price, in micro-dollars.
    public var costMicros: Int64
    /// Whether the account's balance is limited, so the price must be charged (and may be refunded).
    public var charges: Bool
    /// Simulated time the call takes.
    public var processingMs: Int64
    /// A test trigger found in the prompt (other than moderation, answered at once).
    public var trigger: StudioTrigger?
    /// The account's simulated now when the call arrived.
    public var startedAt: Int64

    /// Whether it can be answered at once, on the calling thread: nothing to fetch, charge or wait for, and
    /// small images in bytes mode.
    public var isImmediate: Bool {
        self.urlsToCheck.isEmpty && !self.charges && self.processingMs == 0 && self.trigger == nil
            && self.call.output.responseMode == .bytes
            && self.spec.width * self.spec.height * self.spec.count <= StudioService.inlinePixelLimit
    }
}

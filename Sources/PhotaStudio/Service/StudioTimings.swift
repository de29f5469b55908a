// SPDX-License-Identifier: Apache-2.0

/// How long each endpoint takes, in simulated milliseconds, per request (whatever `num_output_images`).
public struct StudioTimings: Sendable, Equatable {
    public var editMs: Int64
    public var generateMs: Int64
    public var enhanceMs: Int64
    public var remixMs: Int64

    public init(editMs: Int64, generateMs: Int64, enhanceMs: Int64, remixMs: Int64) {
        self.editMs = editMs
        self.generateMs = generateMs
        self.enhanceMs = enhanceMs
        self.remixMs = remixMs
    }

    /// The time of `endpoint`.
    public subscript(endpoint: StudioEndpoint) -> Int64 {
        switch endpoint {
        case .edit: self.editMs
        case .generate: self.generateMs
        case .enhance: self.enhanceMs
        case .remix: self.remixMs
        }
    }

    /// Observed on the real service: generate about 55 s, edit 48 s; enhance and remix taken as 30 s and 40 s.
    public static let realistic = StudioTimings(editMs: 48_000, generateMs: 55_000, enhanceMs: 30_000, remixMs: 40_000)
    /// Short enough for tests, long enough that a client really waits: 200 ms each.
    public static let `default` = StudioTimings(editMs: 200, generateMs: 200, enhanceMs: 200, remixMs: 200)
    /// No wait at all: the answer is rendered at once.
    public static let instant = StudioTimings(editMs: 0, generateMs: 0, enhanceMs: 0, remixMs: 0)

    /// The longest a synchronous request may take (simulated): past it, `504` and a refund.
    public static let synchronousBudgetMs: Int64 = 600_000
}

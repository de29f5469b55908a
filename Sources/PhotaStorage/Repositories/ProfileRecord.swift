// SPDX-License-Identifier: Apache-2.0

/// One row of `profiles`: the profile as the API shows it plus the simulation plan that drives it.
///
/// Times are simulated epoch milliseconds from the injected clock.
public struct ProfileRecord: Sendable, Equatable {
    /// Creation order (the AUTOINCREMENT key); 0 before insertion.
    public var seq: Int64
    /// The public profile id (32 lowercase hex digits).
    public var id: String
    /// The owning account's API key.
    public var apiKey: String
    /// The optional client tag used to filter lists.
    public var tag: String?
    /// `standard` or `fast`.
    public var tier: String
    /// The submitted image URLs, as JSON array text.
    public var imageURLs: String
    /// The current status (`VALIDATING`, `QUEUING`, `IN_PROGRESS`, `READY`, `ERROR`, `INACTIVE`).
    public var status: String
    /// The status message (set for `ERROR`).
    public var message: String?
    /// When the profile was created.
    public var createdAt: Int64
    /// When the current status began.
    public var statusAt: Int64
    /// When validation began.
    public var validatingAt: Int64?
    /// When the profile entered the queue.
    public var queuedAt: Int64?
    /// When training began.
    public var trainingAt: Int64?
    /// When the profile reached READY or ERROR.
    public var finishedAt: Int64?
    /// Planned validation duration.
    public var validatingMs: Int64
    /// Planned minimum time in the queue.
    public var queueMinMs: Int64
    /// Planned training duration.
    public var trainingMs: Int64
    /// The phase in which the plan makes the profile fail, if any.
    public var failPhase: String?
    /// The message of that planned failure.
    public var failMessage: String?

    /// Makes a record; `seq` is assigned by `ProfileRepository.insert`.
    public init(
        seq: Int64 = 0, id: String, apiKey: String, tag: String?, tier: String, imageURLs: String,
        status: String, message: String? = nil, createdAt: Int64, statusAt: Int64,
        validatingAt: Int64? = nil, queuedAt: Int64? = nil, trainingAt: Int64? = nil, finishedAt: Int64? = nil,
        validatingMs: Int64, queueMinMs: Int64, trainingMs: Int64, failPhase: String? = nil, failMessage: String? = nil
    ) {
        self.seq = seq
        self.id = id
        self.apiKey = apiKey
        self.tag = tag
        self.tier = tier
        self.imageURLs = imageURLs
        self.status = status
        self.message = message
        self.createdAt = createdAt
        self.statusAt = statusAt
        self.validatingAt = validatingAt
        self.queuedAt = queuedAt
        self.trainingAt = trainingAt
        self.finishedAt = finishedAt
        self.validatingMs = validatingMs
        self.queueMinMs = queueMinMs
        self.trainingMs = trainingMs
        self.failPhase = failPhase
        self.failMessage = failMessage
    }
}

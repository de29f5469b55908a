// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// The fields every studio request shares: how many images, in which format, and how they are delivered
/// (in the body, as links, or later through a job).
public struct StudioOutputOptions: Sendable, Equatable {
    /// `num_output_images`, 1…4 (default 1).
    public var numOutputImages: Int
    /// `output_format` (default `.png`).
    public var outputFormat: OutputFormat
    /// `response_mode` (default `.bytes`).
    public var responseMode: ResponseMode
    /// `async` (default false): answer 202 with a job instead of the images; needs `.urls`.
    public var isAsync: Bool
    /// `callback_url`: where a finished job is posted, if anywhere.
    public var callbackURL: String?
    /// `client_request_id`: a retried submit with the same id gets the same job.
    public var clientRequestID: String?

    /// Options with the given values (not validated); the defaults are the schema's.
    public init(
        numOutputImages: Int = 1,
        outputFormat: OutputFormat = .png,
        responseMode: ResponseMode = .bytes,
        isAsync: Bool = false,
        callbackURL: String? = nil,
        clientRequestID: String? = nil
    ) {
        self.numOutputImages = numOutputImages
        self.outputFormat = outputFormat
        self.responseMode = responseMode
        self.isAsync = isAsync
        self.callbackURL = callbackURL
        self.clientRequestID = clientRequestID
    }

    /// Fewest and most `num_output_images`.
    public static let imageCountLimits = 1...4

    /// The model validator every studio model runs: async results are fetched later, so they can only be
    /// links. Returns the `ValueError` message, or nil when the options agree.
    var asyncProblem: String? {
        guard self.isAsync, self.responseMode != .urls else { return nil }
        return "async requires response_mode 'urls', got '\(self.responseMode.rawValue)'"
    }
}

/// A studio request model; its shared fields live in `output`.
public protocol StudioRequest: RequestModel {
    /// The output and delivery options.
    var output: StudioOutputOptions { get set }
}

/// The shared fields, declared once for every studio schema.
extension Field where Model: StudioRequest {
    /// `num_output_images: int = Field(default=1, ge=1, le=4)`.
    static var numOutputImages: Self {
        .integer("num_output_images", StudioOutputOptions.imageCountLimits) { $0.output.numOutputImages = $1 }
    }

    /// `output_format: OutputFormat = OutputFormat.PNG`.
    static var outputFormat: Self { .enumeration("output_format", OutputFormat.self) { $0.output.outputFormat = $1 } }

    /// `response_mode: ResponseMode = ResponseMode.BYTES`.
    static var responseMode: Self { .enumeration("response_mode", ResponseMode.self) { $0.output.responseMode = $1 } }

    /// `async_: bool = Field(default=False, alias="async")`: `async` is a Python keyword, so the attribute has
    /// another name and only the alias is read (a member `async_` is ignored like any unknown one).
    static var isAsync: Self { .boolean("async") { $0.output.isAsync = $1 } }

    /// `callback_url: Optional[str] = None`.
    static var callbackURL: Self { .optionalString("callback_url") { $0.output.callbackURL = $1 } }

    /// `client_request_id: Optional[str] = None`.
    static var clientRequestID: Self { .optionalString("client_request_id") { $0.output.clientRequestID = $1 } }
}

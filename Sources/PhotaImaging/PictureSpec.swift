// SPDX-License-Identifier: Apache-2.0

/// The file format of a rendered studio picture.
public enum PictureFormat: String, Sendable, Equatable, CaseIterable {
    /// 8-bit RGB PNG, the metadata in a `tEXt` chunk.
    case png
    /// Baseline JFIF JPEG (4:4:4), the metadata in a `COM` segment.
    case jpeg
}

/// What ``StudioPicture/render(_:)`` draws: everything the bytes depend on, so equal specs give equal bytes.
public struct PictureSpec: Sendable, Equatable {
    /// Width in pixels, 1…8192.
    public var width: Int
    /// Height in pixels, 1…8192.
    public var height: Int
    /// PNG or JPEG.
    public var format: PictureFormat
    /// Chooses the background colour and the decoration along the top edge.
    public var seed: UInt64
    /// Profile ids, each drawn as its identicon, in order, as many as fit.
    public var identities: [String]
    /// The 0-based output index, drawn as a row of `index + 1` small squares along the bottom.
    public var index: Int
    /// ASCII text (typically JSON, at most 60,000 bytes) stored in the file.
    public var metadata: String

    public init(
        width: Int, height: Int, format: PictureFormat, seed: UInt64, identities: [String] = [], index: Int = 0,
        metadata: String = ""
    ) {
        self.width = width
        self.height = height
        self.format = format
        self.seed = seed
        self.identities = identities
        self.index = index
        self.metadata = metadata
    }
}

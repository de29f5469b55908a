// temporary
public enum PictureFormat: String, Sendable { case png, jpeg }
public struct PictureSpec: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var format: PictureFormat
    public var seed: UInt64
    public var identities: [String]
    public var index: Int
    public var metadata: String
    public init(
        width: Int, height: Int, format: PictureFormat, seed: UInt64, identities: [String], index: Int, metadata: String
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
public enum StudioPicture {
    public static func render(_ spec: PictureSpec) -> [UInt8] {
        PNGEncoder.encode(
            width: spec.width, height: spec.height,
            rgb: [UInt8](repeating: UInt8(truncatingIfNeeded: spec.seed), count: spec.width * spec.height * 3),
            text: [("phota-mock", spec.metadata)])
    }
}
public enum ImageDimensions { public static func read(_ bytes: [UInt8]) -> (width: Int, height: Int)? { nil } }

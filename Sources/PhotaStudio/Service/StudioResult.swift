// SPDX-License-Identifier: Apache-2.0

/// What a finished studio call answers: the identities it used, and its images in the call's mode.
public struct StudioResult: Sendable, Equatable {
    /// The merged identities, in order.
    public var profileIDs: [String]
    /// Output images each identity appears in (every image shows every identity).
    public var imagesPerIdentity: Int
    /// Base64 of each image (bytes mode), else empty.
    public var images: [String]
    /// Signed links (urls mode), else empty.
    public var downloadURLs: [String]

    public init(profileIDs: [String], imagesPerIdentity: Int, images: [String], downloadURLs: [String]) {
        self.profileIDs = profileIDs
        self.imagesPerIdentity = imagesPerIdentity
        self.images = images
        self.downloadURLs = downloadURLs
    }

    /// The response body: `{"known_subjects": {"counts": {…}}, "images": […], "download_urls": […]}`.
    public var json: [UInt8] {
        var out = Array("{\"known_subjects\":{\"counts\":{".utf8)
        for (index, id) in self.profileIDs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array((ASCIIJSON.quote(id) + ":\(self.imagesPerIdentity)").utf8)
        }
        out += Array("}},\"images\":[".utf8)
        for (index, image) in self.images.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out += image.utf8
            out.append(UInt8(ascii: "\""))
        }
        out += Array("],\"download_urls\":[".utf8)
        out += Array(self.downloadURLs.map { ASCIIJSON.quote($0) }.joined(separator: ",").utf8)
        out += Array("]}".utf8)
        return out
    }
}

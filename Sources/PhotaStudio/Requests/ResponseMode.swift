// SPDX-License-Identifier: Apache-2.0

/// How a studio response carries its images (`response_mode`).
public enum ResponseMode: String, Sendable, CaseIterable {
    /// Base64 in `images` (the default).
    case bytes
    /// Signed links in `download_urls`; required in async mode.
    case urls
}

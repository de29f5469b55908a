// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit

/// Validates the `tag` query parameter of `GET /v1/phota/profiles/ids`
/// (`tag: str | None = Query(default=None, min_length=1, max_length=128)`).
///
/// - Parameter values: Every percent-decoded value of `tag`, in request order (`?tag` alone counts as `""`).
/// - Returns: The tag to filter by (nil when absent), or the 422 to send. As in Starlette, the last value wins.
///
/// ```swift
/// let tags = request.query.filter { $0.name == "tag" }.map(\.value)
/// switch validateTagQuery(tags) { … }
/// ```
public func validateTagQuery(_ values: [String]) -> Result<String?, ValidationFailure> {
    guard let tag = values.last else { return .success(nil) }
    // Percent-decoding yields UTF-8 (U+FFFD for bad bytes), so no lone surrogate can reach the check.
    var context = ValidationContext(loneSurrogateStrings: [])
    guard AddProfileRequest.tagType.validate(.string(tag), at: ["query", "tag"], in: &context) != nil else {
        return .failure(ValidationFailure(errors: context.errors))
    }
    return .success(tag)
}

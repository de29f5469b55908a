// SPDX-License-Identifier: Apache-2.0

/// What one validation run carries from field to field: the errors so far, in Pydantic's order, and what it
/// knows about lone surrogates.
package struct ValidationContext {
    /// Strings (values or keys) that held a lone surrogate in Python; see `JSONBodyDecoding.Document`.
    let loneSurrogateStrings: Set<ExactString>
    /// The error items, in the order Pydantic reports them.
    package var errors: [ValidationErrorItem] = []
    /// Whether a field accepted a string holding a lone surrogate (a plain `str` does): nothing downstream can
    /// UTF-8-encode it, so the request fails as FastAPI fails to answer it.
    var acceptedLoneSurrogate = false

    /// A context for one run over a document with these lone-surrogate strings (none for query parameters).
    package init(loneSurrogateStrings: Set<ExactString>) {
        self.loneSurrogateStrings = loneSurrogateStrings
    }

    /// Whether `text` stands for a Python string with a lone surrogate. Nearly every body has none, and then
    /// nothing is hashed.
    @inline(__always)
    func isLoneSurrogate(_ text: String) -> Bool {
        !self.loneSurrogateStrings.isEmpty && self.loneSurrogateStrings.contains(ExactString(text))
    }
}

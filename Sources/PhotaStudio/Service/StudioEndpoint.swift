// SPDX-License-Identifier: Apache-2.0

/// The four studio operations.
public enum StudioEndpoint: String, Sendable, CaseIterable, Hashable {
    case edit
    case generate
    case enhance
    case remix

    /// The route's path.
    public var path: String { "/v1/phota/" + self.rawValue }
}

// SPDX-License-Identifier: Apache-2.0

extension ProfileRepository {
    /// The profile with this id, whatever its account (for the admin API, which has no key).
    /// - Throws: `DatabaseError`.
    public func find(id: String) throws -> ProfileRecord? {
        let statement = try self.db.prepare("SELECT api_key FROM profiles WHERE \(Self.rowOfID(parameter: 1))")
        try statement.bind(id)
        guard let apiKey = try statement.firstRow({ $0.string(at: 0) }) else { return nil }
        return try self.find(apiKey: apiKey, id: id)
    }
}

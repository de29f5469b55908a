// SPDX-License-Identifier: Apache-2.0

extension ProfileIDCodec {
    /// The database's codec: its stored key, or a new one (from `seed`) stored now. Also defines
    /// `profile_seq` on `db` (`define(on:)`). Needs the schema of version 4.
    /// - Throws: `DatabaseError`, also when the stored key is not 32 hex digits.
    public static func load(from db: Database, seed: UInt64?) throws -> ProfileIDCodec {
        let stored = try db.prepare("SELECT value FROM settings WHERE name = 'profile_id_key'").firstRow {
            $0.string(at: 0)
        }
        let codec: ProfileIDCodec
        if let stored {
            guard let existing = ProfileIDCodec(keyText: stored) else {
                throw DatabaseError(
                    resultCode: .corrupt, message: "settings.profile_id_key is not 32 hex digits", sql: "settings")
            }
            codec = existing
        } else {
            codec = ProfileIDCodec(keyText: ProfileIDCodec.newKeyText(seed: seed))!
            try db.prepare("INSERT INTO settings(name, value) VALUES ('profile_id_key', ?)").run(codec.keyText)
        }
        try codec.define(on: db)
        return codec
    }

    /// Defines `profile_seq(id)` on `db`: the seq the id encodes under this key, else NULL. Every
    /// connection that looks profiles up by id needs it: queries resolve an id as
    /// `coalesce((SELECT seq FROM profile_aliases WHERE id = ?), profile_seq(?))`.
    public func define(on db: Database) throws {
        try db.defineFunction("profile_seq") { self.decode(utf8: $0) }
    }
}

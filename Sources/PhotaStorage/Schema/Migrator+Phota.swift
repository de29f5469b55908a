// SPDX-License-Identifier: Apache-2.0

extension Migrator {
    /// The emulator's schema history. Append new steps at the end; never edit a shipped one.
    public static var phota: Migrator {
        var migrator = Migrator()
        migrator.register("create accounts, profiles, transitions") { db in
            try db.execute(Schema.version1)
        }
        migrator.register("key the history by profile seq") { db in
            try db.execute(Schema.version2)
        }
        migrator.register("history in the profile row; active index without IN") { db in
            try Schema.migrateToVersion3(db)
        }
        migrator.register("ids that encode their seq; aliases for the others; settings") { db in
            try Schema.migrateToVersion4(db)
        }
        migrator.register("studio outputs") { db in
            try db.execute(Schema.version5)
        }
        migrator.register("async jobs, webhook secrets, callback deliveries") { db in
            try db.execute(Schema.version6)
        }
        migrator.squash(upTo: 4, Schema.squashedToVersion4)
        return migrator
    }
}

/// SQL of the schema steps.
enum Schema {
    /// The schema steps 1 to 4 leave, for a new database (`MigratorTests` holds the two equal). A new step is
    /// appended as a migration as always; this script changes only if the squash moves forward with it.
    static let squashedToVersion4 = """
        CREATE TABLE accounts (
            api_key TEXT PRIMARY KEY NOT NULL,
            credit_micros INTEGER NULL,
            created_at INTEGER
        );
        CREATE TABLE profiles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL,
            api_key TEXT NOT NULL,
            tag TEXT NULL,
            tier TEXT NOT NULL CHECK (tier IN ('standard', 'fast')),
            image_urls TEXT NOT NULL,
            status TEXT NOT NULL,
            message TEXT NULL,
            created_at INTEGER NOT NULL,
            status_at INTEGER NOT NULL,
            validating_at INTEGER NULL,
            queued_at INTEGER NULL,
            training_at INTEGER NULL,
            finished_at INTEGER NULL,
            validating_ms INTEGER NOT NULL,
            queue_min_ms INTEGER NOT NULL,
            training_ms INTEGER NOT NULL,
            fail_phase TEXT NULL,
            fail_message TEXT NULL,
            history TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE profile_aliases (id TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX profiles_by_key ON profiles(api_key, seq, id);
        CREATE INDEX profiles_by_key_tag ON profiles(api_key, tag, seq, id);
        CREATE INDEX profiles_active ON profiles(seq)
            WHERE status = 'VALIDATING' OR status = 'QUEUING' OR status = 'IN_PROGRESS';
        CREATE INDEX profiles_by_status ON profiles(status);
        CREATE TABLE settings (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        """

    // Index choices, each for a hot query (EXPLAIN QUERY PLAN is asserted in the tests):
    // - find by (api_key, id): the UNIQUE constraint's index on `id`, then a check of api_key.
    // - ids by api_key in seq order: (api_key, seq, id) is covering, so listing never touches rows.
    // - ids by (api_key, tag) in seq order: (api_key, tag, seq, id), covering likewise.
    // - active profiles in seq order: a partial index holding only the non-final rows, so the
    //   scheduler's start-up scan costs the live profiles, not the million finished ones.
    // - counts by status for metrics: (status), a covering index for COUNT(*) ... GROUP BY status.
    // - history: (profile_seq) on transitions (version 2); its implicit rowid keeps append order.
    static let version1 = """
        CREATE TABLE accounts (
            api_key TEXT PRIMARY KEY NOT NULL,
            credit_micros INTEGER NULL,
            created_at INTEGER
        );
        CREATE TABLE profiles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            api_key TEXT NOT NULL,
            tag TEXT NULL,
            tier TEXT NOT NULL CHECK (tier IN ('standard', 'fast')),
            image_urls TEXT NOT NULL,
            status TEXT NOT NULL,
            message TEXT NULL,
            created_at INTEGER NOT NULL,
            status_at INTEGER NOT NULL,
            validating_at INTEGER NULL,
            queued_at INTEGER NULL,
            training_at INTEGER NULL,
            finished_at INTEGER NULL,
            validating_ms INTEGER NOT NULL,
            queue_min_ms INTEGER NOT NULL,
            training_ms INTEGER NOT NULL,
            fail_phase TEXT NULL,
            fail_message TEXT NULL
        );
        CREATE INDEX profiles_by_key ON profiles(api_key, seq, id);
        CREATE INDEX profiles_by_key_tag ON profiles(api_key, tag, seq, id);
        CREATE INDEX profiles_active ON profiles(seq) WHERE status IN ('VALIDATING', 'QUEUING', 'IN_PROGRESS');
        CREATE INDEX profiles_by_status ON profiles(status);
        CREATE TABLE transitions (
            profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            at INTEGER NOT NULL,
            message TEXT NULL
        );
        CREATE INDEX transitions_by_profile ON transitions(profile_id);
        """

    // The history's index on the random 32-hex `profile_id` put every new row on a random index
    // leaf, so each group commit wrote that many pages to the WAL: dropping it made durable adds
    // about 40 % faster. Keyed by the profile's `seq` (creation order) instead, new rows land at
    // the end of the index. `profile_id` stays as a plain column. Rows are copied in order.
    static let version2 = """
        CREATE TABLE transitions_by_seq (
            profile_seq INTEGER NOT NULL REFERENCES profiles(seq) ON DELETE CASCADE,
            profile_id TEXT NOT NULL,
            status TEXT NOT NULL,
            at INTEGER NOT NULL,
            message TEXT NULL
        );
        INSERT INTO transitions_by_seq(profile_seq, profile_id, status, at, message)
            SELECT p.seq, t.profile_id, t.status, t.at, t.message
            FROM transitions t JOIN profiles p ON p.id = t.profile_id ORDER BY t.rowid;
        DROP TABLE transitions;
        ALTER TABLE transitions_by_seq RENAME TO transitions;
        CREATE INDEX transitions_by_profile ON transitions(profile_seq);
        """

    // Version 3, for the cost of a durable add (each one later makes about four transitions):
    // - The history moves into the profile row (`HistoryText`), appended by the UPDATE each status
    //   change makes anyway; the transitions table, its index and its per-row lookup of the
    //   profile by id go away.
    // - The partial index of active profiles is rebuilt with an OR of equalities: SQLite evaluates
    //   a constant `IN (…)` of more than two values through a temporary b-tree, built again by
    //   every INSERT and UPDATE of a profile (`OpenEphemeral` in EXPLAIN); the ORs are plain compares.
    static let version3Prelude = """
        ALTER TABLE profiles ADD COLUMN history TEXT NOT NULL DEFAULT '';
        DROP INDEX profiles_active;
        CREATE INDEX profiles_active ON profiles(seq)
            WHERE status = 'VALIDATING' OR status = 'QUEUING' OR status = 'IN_PROGRESS';
        """

    /// Copies each profile's history rows, in their order, into its `history` column, then drops
    /// the table. Streams by (profile_seq, rowid), which the history index yields without a sort.
    static func migrateToVersion3(_ db: Database) throws {
        try db.execute(Self.version3Prelude)
        let rows = try db.makeStatement(
            "SELECT profile_seq, status, at, message FROM transitions INDEXED BY transitions_by_profile ORDER BY profile_seq, rowid"
        )
        let update = try db.makeStatement("UPDATE profiles SET history = ? WHERE seq = ?")
        var current: Int64?
        var entries: [Transition] = []
        func flush() throws {
            guard let seq = current, !entries.isEmpty else { return }
            try update.run(HistoryText.encode(entries), seq)
            entries.removeAll(keepingCapacity: true)
        }
        try rows.forEachRow { row in
            let seq = row.int64(at: 0)
            if seq != current {
                try flush()
                current = seq
            }
            entries.append(
                Transition(
                    profileID: "", status: row.string(at: 1), at: row.int64(at: 2), message: row.optionalString(at: 3)))
        }
        try flush()
        try db.execute("DROP TABLE transitions")
    }

    // Version 4: profile ids encode their row's seq (`ProfileIDCodec`), so the UNIQUE index of
    // random 32-hex ids goes: it cost one random index page per added profile in every group
    // commit (about half of all WAL writes). SQLite cannot drop a UNIQUE constraint's index, so the
    // table is rebuilt without it. Ids that do not encode their seq (every row made before this
    // version; rows inserted without a seq) are found through `profile_aliases`. `settings` keeps
    // the id key. The AUTOINCREMENT high-water mark is carried over: a seq, and so an id, is
    // never used twice, even after its profile was deleted.
    static let version4 = """
        CREATE TABLE profiles_v4 (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL,
            api_key TEXT NOT NULL,
            tag TEXT NULL,
            tier TEXT NOT NULL CHECK (tier IN ('standard', 'fast')),
            image_urls TEXT NOT NULL,
            status TEXT NOT NULL,
            message TEXT NULL,
            created_at INTEGER NOT NULL,
            status_at INTEGER NOT NULL,
            validating_at INTEGER NULL,
            queued_at INTEGER NULL,
            training_at INTEGER NULL,
            finished_at INTEGER NULL,
            validating_ms INTEGER NOT NULL,
            queue_min_ms INTEGER NOT NULL,
            training_ms INTEGER NOT NULL,
            fail_phase TEXT NULL,
            fail_message TEXT NULL,
            history TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO profiles_v4 SELECT seq, id, api_key, tag, tier, image_urls, status, message, created_at, status_at,
            validating_at, queued_at, training_at, finished_at, validating_ms, queue_min_ms, training_ms, fail_phase,
            fail_message, history FROM profiles ORDER BY seq;
        CREATE TABLE profile_aliases (id TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO profile_aliases(id, seq) SELECT id, seq FROM profiles;
        DROP TABLE profiles;
        ALTER TABLE profiles_v4 RENAME TO profiles;
        CREATE INDEX profiles_by_key ON profiles(api_key, seq, id);
        CREATE INDEX profiles_by_key_tag ON profiles(api_key, tag, seq, id);
        CREATE INDEX profiles_active ON profiles(seq)
            WHERE status = 'VALIDATING' OR status = 'QUEUING' OR status = 'IN_PROGRESS';
        CREATE INDEX profiles_by_status ON profiles(status);
        CREATE TABLE settings (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        """

    static func migrateToVersion4(_ db: Database) throws {
        let highWater = try db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'profiles'").firstRow {
            $0.int64(at: 0)
        }
        try db.execute(Self.version4)
        guard let highWater else { return }
        try db.prepare("DELETE FROM sqlite_sequence WHERE name = 'profiles'").run()
        try db.prepare(
            "INSERT INTO sqlite_sequence(name, seq) VALUES ('profiles', max(?, (SELECT coalesce(max(seq), 0) FROM profiles)))"
        )
        .run(highWater)
    }

    // Version 5: what the studio rendered for `response_mode: "urls"`, enough to render the same bytes again on
    // download (`spec`, a JSON description); the images themselves are never stored.
    static let version5 = """
        CREATE TABLE studio_outputs (
            id TEXT PRIMARY KEY NOT NULL,
            api_key TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            spec TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX studio_outputs_by_key ON studio_outputs(api_key);
        """

    // Version 6: async studio jobs (what they render, their state and outcome), one webhook secret per account,
    // and the callback deliveries with every attempt (a JSON array).
    static let version6 = """
        CREATE TABLE jobs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            api_key TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            status TEXT NOT NULL,
            spec TEXT NOT NULL,
            request_key TEXT NOT NULL,
            client_request_id TEXT NULL,
            callback_url TEXT NULL,
            authority TEXT NOT NULL,
            cost_micros INTEGER NOT NULL,
            charged INTEGER NOT NULL,
            processing_ms INTEGER NOT NULL,
            trigger TEXT NULL,
            request_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            started_at INTEGER NULL,
            finished_at INTEGER NULL,
            output_id TEXT NULL,
            error_status INTEGER NULL,
            error_code TEXT NULL,
            error_detail TEXT NULL
        );
        CREATE UNIQUE INDEX jobs_by_request ON jobs(api_key, client_request_id) WHERE client_request_id IS NOT NULL;
        CREATE INDEX jobs_active ON jobs(seq) WHERE status = 'QUEUED' OR status = 'RUNNING';
        CREATE INDEX jobs_by_key ON jobs(api_key, seq);
        CREATE TABLE webhook_secrets (
            api_key TEXT PRIMARY KEY NOT NULL,
            secret TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE deliveries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            job_id TEXT NOT NULL,
            api_key TEXT NOT NULL,
            url TEXT NOT NULL,
            event TEXT NOT NULL,
            body TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts TEXT NOT NULL DEFAULT '[]',
            next_attempt_at INTEGER NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX deliveries_pending ON deliveries(seq) WHERE state = 'PENDING';
        CREATE INDEX deliveries_by_key ON deliveries(api_key, seq);
        """
}

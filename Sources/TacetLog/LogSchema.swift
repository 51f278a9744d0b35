/// The tables, the same SQL on SQLite and PostgreSQL, applied in numbered steps recorded in
/// `log_meta.schema_version`. A new step goes at the end; steps are never edited.
enum LogSchema {
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE log_entries (
                seq BIGINT PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, time_us BIGINT NOT NULL,
                client_key TEXT, subject TEXT, upstream TEXT, provider TEXT, model TEXT, endpoint TEXT,
                decision TEXT, detections TEXT, request_bytes BIGINT, response_bytes BIGINT,
                upstream_status BIGINT, latency_us BIGINT, ref_id TEXT, note TEXT,
                prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
            """,
            "CREATE UNIQUE INDEX log_entries_id ON log_entries (id)",
            "CREATE INDEX log_entries_subject ON log_entries (subject)",
            "CREATE INDEX log_entries_time ON log_entries (time_us)",
            "CREATE INDEX log_entries_ref ON log_entries (ref_id)",
            "CREATE TABLE log_detections (seq BIGINT NOT NULL, entity TEXT NOT NULL, digest TEXT NOT NULL)",
            "CREATE INDEX log_detections_digest ON log_detections (digest)",
            "CREATE INDEX log_detections_seq ON log_detections (seq)",
        ],
        [
            // An index on a digest takes a random page per detection: on the append path it cost
            // more than the rest of the append. Digests now reach their index behind the appends,
            // a run at a time (``LogOperations/indexDigests(limit:_:)``): a run's id is larger
            // than any before it, so its rows go in at the end of the index.
            "DROP INDEX log_detections_digest",
            "CREATE TABLE log_digests (run BIGINT NOT NULL, digest TEXT NOT NULL, seq BIGINT NOT NULL)",
            "CREATE INDEX log_digests_run ON log_digests (run, digest, seq)",
            "CREATE TABLE log_digest_runs (run BIGINT PRIMARY KEY)",
            // Disclosures have no ref_id and outcomes no subject: NULLs need no index entry.
            "DROP INDEX log_entries_subject",
            "CREATE INDEX log_entries_subject ON log_entries (subject) WHERE subject IS NOT NULL",
            "DROP INDEX log_entries_ref",
            "CREATE INDEX log_entries_ref ON log_entries (ref_id) WHERE ref_id IS NOT NULL",
        ],
    ]

    static var currentVersion: Int { migrations.count }

    /// Brings the schema up to date; run in a write transaction (which holds the chain lock,
    /// so two processes opening a new store at once do not both migrate).
    static func migrate(_ session: any SQLSession) throws {
        try session.execute("CREATE TABLE IF NOT EXISTS log_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        let version = try session.rows("SELECT value FROM log_meta WHERE key = 'schema_version'").first?.first?.text.flatMap { Int($0) } ?? 0
        guard version <= currentVersion else {
            throw LogError("the log store has schema version \(version), newer than this tacet knows (\(currentVersion)); upgrade tacet")
        }
        for step in migrations[version...] {
            for statement in step { try session.execute(statement) }
        }
        if version == 0 {
            try session.execute("INSERT INTO log_meta (key, value) VALUES ('schema_version', ?)", [.text(String(currentVersion))])
        } else if version < currentVersion {
            try session.execute("UPDATE log_meta SET value = ? WHERE key = 'schema_version'", [.text(String(currentVersion))])
        }
    }
}

import Foundation

/// The log's logic over any store, run inside one transaction (``SQLSession``) that holds the
/// chain lock for writes: chaining, erasure and purge, and the reads the commands need.
enum LogOperations {
    /// `log_detections`: each entry's detected entities and value digests, in append order.
    static let detectionTable = SQLTable(name: "log_detections", columns: [("seq", .bigint), ("entity", .text), ("digest", .text)])

    /// The last entry's seq and hash, or (0, genesis) for an empty chain.
    static func lastLink(_ session: any SQLSession) throws -> (seq: Int64, hash: String) {
        guard let row = try session.rows("SELECT seq, hash FROM log_entries ORDER BY seq DESC LIMIT 1").first,
            let seq = row[0].int, let hash = row[1].text
        else { return (0, ChainHash.genesis) }
        return (seq, hash)
    }

    /// Gives each draft the next seq, links and hashes it, and inserts it with its detection
    /// index rows.
    @discardableResult
    static func append(_ drafts: [EntryDraft], _ session: any SQLSession) throws -> [StoredEntry] {
        var (seq, prev) = try lastLink(session)
        var entries: [StoredEntry] = []
        entries.reserveCapacity(drafts.count)
        var indexRows: [[SQLValue]] = []
        for draft in drafts {
            var entry = draft.entry
            seq += 1
            entry.seq = seq
            entry.prevHash = prev
            entry.hash = ChainHash.of(entry)
            prev = entry.hash
            entries.append(entry)
            for detection in draft.indexedDetections {
                indexRows.append([.int(seq), .text(detection.entity), .text(detection.digest)])
            }
        }
        try session.insert(into: StoredEntry.table, rows: entries.map(\.values))
        try session.insert(into: detectionTable, rows: indexRows)
        return entries
    }

    /// The seq up to which every detection is in the digest index (`log_digests`).
    static func digestsIndexedThrough(_ session: any SQLSession) throws -> Int64 {
        try meta("digests_indexed_through", session).flatMap { Int64($0) } ?? 0
    }

    /// Copies the digests of up to about `limit` detections past the index's watermark into
    /// `log_digests` as one run, whose id is the last seq it covers: larger than any run before
    /// it, so the run's rows, sorted by digest, go in at the end of the `(run, digest)` index.
    /// Moves the watermark.
    static func indexDigests(limit: Int, _ session: any SQLSession) throws {
        let from = try digestsIndexedThrough(session)
        let tail = try session.rows(
            "SELECT MAX(seq) FROM (SELECT seq FROM log_detections WHERE seq > ? ORDER BY seq LIMIT ?) AS tail",
            [.int(from), .int(Int64(limit))])
        guard let through = tail.first?[0].int else { return }
        try session.execute(
            "INSERT INTO log_digests (run, digest, seq) SELECT CAST(? AS BIGINT), digest, seq FROM log_detections"
                + " WHERE seq > ? AND seq <= ? ORDER BY digest",
            [.int(through), .int(from), .int(through)])
        try session.execute("INSERT INTO log_digest_runs (run) VALUES (?)", [.int(through)])
        try setMeta("digests_indexed_through", String(through), session)
    }

    /// Empties every disclosure of `subject` and its outcomes to a stub (kind `erased`: id, time
    /// and chain links only), drops their index rows, and appends an erasure checkpoint naming
    /// their seqs. Returns how many disclosures were erased.
    static func erase(subject: String, now: Date, _ session: any SQLSession) throws -> Int {
        let records = try session.rows("SELECT seq, id FROM log_entries WHERE kind = 'disclosure' AND subject = ?", [.text(subject)])
        guard !records.isEmpty else { return 0 }
        var seqs = records.compactMap { $0[0].int }
        let ids = records.compactMap { $0[1] }
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
            seqs += try session.rows(
                "SELECT seq FROM log_entries WHERE kind = 'outcome' AND ref_id IN (\(placeholders(part.count)))", part
            ).compactMap { $0[0].int }
        }
        let clear = StoredEntry.erasableColumns.map { "\($0) = NULL" }.joined(separator: ", ")
        for chunk in stride(from: 0, to: seqs.count, by: 500) {
            let part = seqs[chunk..<min(chunk + 500, seqs.count)].map { SQLValue.int($0) }
            try session.execute("UPDATE log_entries SET kind = 'erased', \(clear) WHERE seq IN (\(placeholders(part.count)))", part)
            try unindexDigests(of: part, session)
            try session.execute("DELETE FROM log_detections WHERE seq IN (\(placeholders(part.count)))", part)
        }
        let checkpoint = Checkpoint(reason: .erasure, erased: Checkpoint.ranges(seqs), count: seqs.count)
        try append([try EntryDraft(checkpoint: checkpoint, time: now)], session)
        return records.count
    }

    /// Removes the digest index rows of the detections of `seqs`, each found through its run
    /// (the first run at or after its seq) and digest, as the index is keyed.
    private static func unindexDigests(of seqs: [SQLValue], _ session: any SQLSession) throws {
        let indexed = try session.rows(
            """
            SELECT d.seq, d.digest, (SELECT MIN(r.run) FROM log_digest_runs r WHERE r.run >= d.seq)
            FROM log_detections d WHERE d.seq IN (\(placeholders(seqs.count)))
            """, seqs)
        for row in indexed where row[2] != .null {
            try session.execute("DELETE FROM log_digests WHERE run = ? AND digest = ? AND seq = ?", [row[2], row[1], row[0]])
        }
    }

    /// Removes every entry before the first one at or after `cutoff` (a prefix of the chain, so
    /// what stays still links up), and appends a purge checkpoint holding the last removed
    /// entry's seq and hash. Returns how many entries were removed.
    static func purge(before cutoff: Date, now: Date, _ session: any SQLSession) throws -> Int {
        let cutoffMicroseconds = EntryDraft.microseconds(cutoff)
        guard let oldest = try session.rows("SELECT MIN(seq) FROM log_entries").first?.first?.int else { return 0 }
        let keep = try session.rows("SELECT MIN(seq) FROM log_entries WHERE time_us >= ?", [.int(cutoffMicroseconds)]).first?.first?.int
        let through = try (keep ?? lastLink(session).seq + 1) - 1
        guard through >= oldest,
            let anchor = try session.rows("SELECT hash FROM log_entries WHERE seq = ?", [.int(through)]).first?.first?.text
        else { return 0 }
        let removed = Int(through - oldest + 1)
        // The checkpoint first, while the chain's last entry (maybe among those removed) is there to link to.
        let checkpoint = Checkpoint(reason: .purge, purgedThrough: through, anchor: anchor, count: removed)
        try append([try EntryDraft(checkpoint: checkpoint, time: now)], session)
        try session.execute("DELETE FROM log_entries WHERE seq <= ?", [.int(through)])
        try session.execute("DELETE FROM log_detections WHERE seq <= ?", [.int(through)])
        // Whole runs, then the part of the run that straddles the cut (a run's id is its last seq).
        try session.execute("DELETE FROM log_digests WHERE run <= ?", [.int(through)])
        try session.execute(
            "DELETE FROM log_digests WHERE run = (SELECT MIN(run) FROM log_digest_runs WHERE run > ?) AND seq <= ?",
            [.int(through), .int(through)])
        try session.execute("DELETE FROM log_digest_runs WHERE run <= ?", [.int(through)])
        return removed
    }

    /// Entries with seq greater than `after`, in chain order, at most `limit`.
    static func entries(after: Int64, limit: Int, _ session: any SQLSession) throws -> [StoredEntry] {
        try session.rows(
            "SELECT \(StoredEntry.columnList) FROM log_entries WHERE seq > ? ORDER BY seq LIMIT ?", [.int(after), .int(Int64(limit))]
        ).map(StoredEntry.init(row:))
    }

    static func checkpoints(_ session: any SQLSession) throws -> [StoredEntry] {
        try session.rows("SELECT \(StoredEntry.columnList) FROM log_entries WHERE kind = 'checkpoint' ORDER BY seq")
            .map(StoredEntry.init(row:))
    }

    /// The disclosures `filter` selects, in chain order, each with its outcome if one was logged.
    static func disclosures(_ filter: LogFilter, _ session: any SQLSession) throws -> [(StoredEntry, StoredEntry?)] {
        var conditions = ["kind = 'disclosure'"]
        var arguments: [SQLValue] = []
        func add(_ condition: String, _ value: SQLValue) {
            conditions.append(condition)
            arguments.append(value)
        }
        if let subject = filter.subject { add("subject = ?", .text(subject)) }
        if let client = filter.clientKeyID { add("client_key = ?", .text(client)) }
        if let provider = filter.provider { add("provider = ?", .text(provider)) }
        if let since = filter.since { add("time_us >= ?", .int(EntryDraft.microseconds(since))) }
        if let until = filter.until { add("time_us < ?", .int(EntryDraft.microseconds(until))) }
        if let entity = filter.entity { add("seq IN (SELECT seq FROM log_detections WHERE entity = ?)", .text(entity)) }
        if !filter.digests.isEmpty {
            // The digest index, and the detections appended since it was last brought up to date.
            let digests = placeholders(filter.digests.count)
            conditions.append(
                "(seq IN (SELECT seq FROM log_digests WHERE run IN (SELECT run FROM log_digest_runs) AND digest IN (\(digests)))"
                    + " OR seq IN (SELECT seq FROM log_detections WHERE seq > ? AND digest IN (\(digests))))")
            arguments += filter.digests.map { .text($0) }
            arguments.append(.int(try digestsIndexedThrough(session)))
            arguments += filter.digests.map { .text($0) }
        }
        var sql = "SELECT \(StoredEntry.columnList) FROM log_entries WHERE " + conditions.joined(separator: " AND ") + " ORDER BY seq"
        if let limit = filter.limit {
            sql += " LIMIT ?"
            arguments.append(.int(Int64(limit)))
        }
        let records = try session.rows(sql, arguments).map(StoredEntry.init(row:))
        var outcomes: [String: StoredEntry] = [:]
        for chunk in stride(from: 0, to: records.count, by: 500) {
            let ids = records[chunk..<min(chunk + 500, records.count)].map { SQLValue.text($0.id) }
            for row in try session.rows(
                "SELECT \(StoredEntry.columnList) FROM log_entries WHERE kind = 'outcome' AND ref_id IN (\(placeholders(ids.count)))", ids)
            {
                let outcome = try StoredEntry(row: row)
                if let ref = outcome.refID { outcomes[ref] = outcome }
            }
        }
        return records.map { ($0, outcomes[$0.id]) }
    }

    /// Disclosure counts per day, provider and decision, and detection counts per day and entity.
    static func stats(since: Date?, until: Date?, _ session: any SQLSession) throws -> LogStats {
        var range = ""
        var arguments: [SQLValue] = []
        if let since {
            range += " AND e.time_us >= ?"
            arguments.append(.int(EntryDraft.microseconds(since)))
        }
        if let until {
            range += " AND e.time_us < ?"
            arguments.append(.int(EntryDraft.microseconds(until)))
        }
        let day: Int64 = 86_400_000_000
        let disclosures = try session.rows(
            """
            SELECT e.time_us / \(day), e.provider, e.decision, COUNT(*) FROM log_entries e
            WHERE e.kind = 'disclosure'\(range) GROUP BY e.time_us / \(day), e.provider, e.decision ORDER BY 1, 2, 3
            """, arguments
        ).map { LogStats.DisclosureCount(day: dayString($0[0].int ?? 0), provider: $0[1].text ?? "", decision: $0[2].text ?? "", count: Int($0[3].int ?? 0)) }
        let detections = try session.rows(
            """
            SELECT e.time_us / \(day), e.provider, d.entity, COUNT(*) FROM log_detections d JOIN log_entries e ON e.seq = d.seq
            WHERE e.kind = 'disclosure'\(range) GROUP BY e.time_us / \(day), e.provider, d.entity ORDER BY 1, 2, 3
            """, arguments
        ).map { LogStats.DetectionCount(day: dayString($0[0].int ?? 0), provider: $0[1].text ?? "", entity: $0[2].text ?? "", count: Int($0[3].int ?? 0)) }
        return LogStats(disclosures: disclosures, detections: detections)
    }

    static func meta(_ key: String, _ session: any SQLSession) throws -> String? {
        try session.rows("SELECT value FROM log_meta WHERE key = ?", [.text(key)]).first?.first?.text
    }

    static func setMeta(_ key: String, _ value: String, _ session: any SQLSession) throws {
        try session.execute("DELETE FROM log_meta WHERE key = ?", [.text(key)])
        try session.execute("INSERT INTO log_meta (key, value) VALUES (?, ?)", [.text(key), .text(value)])
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    private static func dayString(_ day: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(day) * 86_400))
    }
}

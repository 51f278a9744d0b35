import Foundation

/// The log's logic over any store, run inside one transaction (``SQLSession``) that holds the
/// chain lock for writes: chaining, erasure and purge, and the reads the commands need.
enum LogOperations {
    /// Rows per multi-row INSERT: 20 columns × 400 stays under both stores' parameter limits.
    static let insertChunk = 400

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
        var index: [SQLValue] = []
        for draft in drafts {
            var entry = draft.entry
            seq += 1
            entry.seq = seq
            entry.prevHash = prev
            entry.hash = ChainHash.of(entry)
            prev = entry.hash
            entries.append(entry)
            for detection in draft.indexedDetections {
                index += [.int(seq), .text(detection.entity), .text(detection.digest)]
            }
        }
        let rowPlaceholder = "(" + Array(repeating: "?", count: StoredEntry.columns.count).joined(separator: ", ") + ")"
        for chunk in stride(from: 0, to: entries.count, by: insertChunk) {
            let part = entries[chunk..<min(chunk + insertChunk, entries.count)]
            try session.execute(
                "INSERT INTO log_entries (\(StoredEntry.columnList)) VALUES "
                    + Array(repeating: rowPlaceholder, count: part.count).joined(separator: ", "),
                part.flatMap(\.values))
        }
        let indexChunk = insertChunk * 3 * 3
        for chunk in stride(from: 0, to: index.count, by: indexChunk) {
            let part = Array(index[chunk..<min(chunk + indexChunk, index.count)])
            try session.execute(
                "INSERT INTO log_detections (seq, entity, digest) VALUES "
                    + Array(repeating: "(?, ?, ?)", count: part.count / 3).joined(separator: ", "),
                part)
        }
        return entries
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
            try session.execute("DELETE FROM log_detections WHERE seq IN (\(placeholders(part.count)))", part)
        }
        let checkpoint = Checkpoint(reason: .erasure, erased: Checkpoint.ranges(seqs), count: seqs.count)
        try append([try EntryDraft(checkpoint: checkpoint, time: now)], session)
        return records.count
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
            conditions.append("seq IN (SELECT seq FROM log_detections WHERE digest IN (\(placeholders(filter.digests.count))))")
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

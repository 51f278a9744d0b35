import Foundation

/// The disclosure log: one record per proxy request, durable before the request goes
/// upstream, hash-chained, with the queries data-subject requests and audits need.
///
/// `append` returns only once the record is committed durably (SQLite `synchronous=FULL`,
/// PostgreSQL's commit); if it throws, the caller must refuse the request (fail closed).
/// Concurrent appends are group-committed. Safe to share across tasks and threads; several
/// processes may write one store at once (the chain lock serialises their batches).
public final class DisclosureLog: Sendable {
    private let backend: any LogBackend
    private let committer: GroupCommit
    /// Where the store is, for messages.
    public let location: StoreLocation

    init(backend: any LogBackend, location: StoreLocation, digestIndexInterval: Int) {
        self.backend = backend
        self.location = location
        let indexer = DigestIndexer(interval: digestIndexInterval)
        committer = GroupCommit { drafts in
            let detections = drafts.reduce(0) { $0 + $1.indexedDetections.count }
            try await backend.write { session in
                _ = try LogOperations.append(drafts, session)
                try indexer.appended(detections, session)
            }
        }
    }

    /// Opens (creating and migrating as needed) the store `configuration` names.
    public static func open(_ configuration: LogConfiguration) async throws -> DisclosureLog {
        try await open(configuration.store)
    }

    /// `digestIndexInterval`: detections appended between two runs of the digest index (see
    /// ``DigestIndexer``); tests make it small.
    public static func open(_ location: StoreLocation, digestIndexInterval: Int = DigestIndexer.defaultInterval) async throws -> DisclosureLog {
        let backend: any LogBackend
        switch location {
        case .sqlite(let path): backend = try SQLiteBackend(path: path)
        case .postgres(let url): backend = try await PostgresBackend(address: PostgresAddress(url: url))
        }
        do {
            try await backend.write { session in try LogSchema.migrate(session) }
        } catch {
            await backend.close()
            throw error
        }
        return DisclosureLog(backend: backend, location: location, digestIndexInterval: digestIndexInterval)
    }

    public func close() async { await backend.close() }

    // MARK: Writing

    /// Appends `record`; returns once it is durable. Throws ``LogError`` when the store cannot
    /// write: the request must then be refused.
    public func append(_ record: DisclosureRecord) async throws {
        try await committer.submit(try EntryDraft(record))
    }

    /// Appends what the upstream answered to an appended record.
    public func append(_ outcome: DisclosureOutcome) async throws {
        try await committer.submit(EntryDraft(outcome))
    }

    /// Records `digester`'s key id in a new store, or checks it against the recorded one: a log
    /// written under one key cannot be searched (or continued) with another.
    public func checkDigestKey(_ digester: ValueDigester) async throws {
        let keyID = digester.keyID
        try await backend.write { session in
            if let recorded = try LogOperations.meta("digest_key_id", session) {
                guard recorded == keyID else {
                    throw LogError("the digest key (id \(keyID)) is not the one this log was written with (id \(recorded))")
                }
            } else {
                try LogOperations.setMeta("digest_key_id", keyID, session)
            }
        }
    }

    /// Erases every record of `subject` (and its outcomes): each becomes a stub with its id,
    /// time and chain links, and an erasure checkpoint keeps the chain verifiable. Returns the
    /// number of records erased.
    @discardableResult
    public func erase(subject: String, now: Date = Date()) async throws -> Int {
        try await backend.write { session in try LogOperations.erase(subject: subject, now: now, session) }
    }

    /// Removes every entry older than `cutoff` (the oldest part of the chain), leaving a purge
    /// checkpoint so the rest still verifies. Returns the number of entries removed.
    @discardableResult
    public func purge(olderThan cutoff: Date, now: Date = Date()) async throws -> Int {
        try await backend.write { session in try LogOperations.purge(before: cutoff, now: now, session) }
    }

    /// Applies a retention of `days` days: what ``purge(olderThan:now:)`` removes for
    /// `now - days`. The proxy calls this on a schedule; `tacet log purge` once.
    @discardableResult
    public func applyRetention(days: Int, now: Date = Date()) async throws -> Int {
        try await purge(olderThan: now.addingTimeInterval(-TimeInterval(days) * 86_400), now: now)
    }

    // MARK: Reading

    public func query(_ filter: LogFilter) async throws -> [LoggedDisclosure] {
        try await backend.read { session in
            try LogOperations.disclosures(filter, session).map { try LoggedDisclosure($0.0, outcome: $0.1) }
        }
    }

    /// Records with a detection of `value`: its digest under every entity's normal form (or
    /// only `entity`'s).
    public func lookup(value: String, entity: String? = nil, digester: ValueDigester) async throws -> [LoggedDisclosure] {
        let digests = digester.candidateDigests(value: value, entity: entity)
        if digests.isEmpty { return [] }
        return try await query(LogFilter(digests: digests))
    }

    public func stats(since: Date? = nil, until: Date? = nil) async throws -> LogStats {
        try await backend.read { session in try LogOperations.stats(since: since, until: until, session) }
    }

    /// Walks the whole chain, a page at a time, and names the first entry that does not verify.
    public func verify() async throws -> VerifyReport {
        let checkpoints = try await backend.read { session in try LogOperations.checkpoints(session) }
        var verifier = ChainVerifier(checkpoints: checkpoints)
        var after: Int64 = -1
        while true {
            let page = try await backend.read { [after] session in try LogOperations.entries(after: after, limit: 10_000, session) }
            for entry in page where !verifier.check(entry) {
                return VerifyReport(entriesChecked: verifier.checked, problem: verifier.problem)
            }
            guard let last = page.last else { break }
            after = last.seq
        }
        return VerifyReport(entriesChecked: verifier.checked, problem: nil)
    }
}

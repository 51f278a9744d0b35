import Foundation
import TacetLog
import Testing

/// What every store must do, run once per store by ``SQLiteStoreTests`` and ``PostgresStoreTests``.
enum StoreBehaviour {
    static func withStore(
        _ kind: StoreKind, digestIndexInterval: Int = DigestIndexer.defaultInterval,
        _ body: (TestStore, DisclosureLog) async throws -> Void
    ) async throws {
        let store = try await TestStore(kind)
        let log = try await store.open(digestIndexInterval: digestIndexInterval)
        do {
            try await body(store, log)
            await log.close()
            await store.remove()
        } catch {
            await log.close()
            await store.remove()
            throw error
        }
    }

    static func appendsAndQueries(_ kind: StoreKind) async throws {
        try await withStore(kind) { _, log in
            let day = Date(timeIntervalSince1970: 1_790_000_000)
            let first = Samples.record(subject: "user-1", client: "client-a", provider: "openai", time: day)
            let second = Samples.record(subject: "user-2", client: "client-b", provider: "anthropic", time: day.addingTimeInterval(3_600), withCard: true)
            let blocked = Samples.record(subject: nil, client: "client-a", provider: "openai", time: day.addingTimeInterval(7_200), decision: .blocked)
            for record in [first, second, blocked] { try await log.append(record) }
            try await log.append(DisclosureOutcome(recordID: first.id, upstreamStatus: 200, responseBytes: 512, latencyMicroseconds: 80_000))

            let all = try await log.query(LogFilter())
            #expect(all.map(\.record.id) == [first.id, second.id, blocked.id])
            #expect(all[0].record.upstreamStatus == 200 && all[0].record.responseBytes == 512 && all[0].record.latencyMicroseconds == 80_000)
            #expect(all[1].record.upstreamStatus == nil)
            #expect(all[1].record == second, "a record reads back as written (time to the microsecond)")
            #expect(try await log.query(LogFilter(subject: "user-2")).map(\.record.id) == [second.id])
            #expect(try await log.query(LogFilter(clientKeyID: "client-a")).map(\.record.id) == [first.id, blocked.id])
            #expect(try await log.query(LogFilter(provider: "anthropic")).map(\.record.id) == [second.id])
            #expect(try await log.query(LogFilter(entity: "CREDIT_CARD")).map(\.record.id) == [second.id])
            #expect(try await log.query(LogFilter(since: day.addingTimeInterval(1), until: day.addingTimeInterval(7_200))).map(\.record.id) == [second.id])
            #expect(try await log.query(LogFilter(limit: 1)).count == 1)

            let stats = try await log.stats()
            #expect(stats.disclosures.map(\.count).reduce(0, +) == 3)
            #expect(stats.disclosures.contains { $0.provider == "openai" && $0.decision == "blocked" && $0.count == 1 })
            #expect(stats.detections.contains { $0.provider == "anthropic" && $0.entity == "CREDIT_CARD" && $0.count == 1 })
            #expect(try await log.verify() == VerifyReport(entriesChecked: 4, problem: nil))
        }
    }

    static func looksUpNormalisedValues(_ kind: StoreKind) async throws {
        try await withStore(kind) { _, log in
            let record = Samples.record(withCard: true)
            try await log.append(record)
            try await log.append(Samples.record(subject: "other"))
            let digester = Samples.digester
            #expect(try await log.lookup(value: "  ana.lima@EXAMPLE.ORG ", digester: digester).count == 2)
            #expect(try await log.lookup(value: "(44) 20-7946-0958", entity: "PHONE_NUMBER", digester: digester).count == 2)
            #expect(try await log.lookup(value: "4111-1111-1111-1111", digester: digester).map(\.record.id) == [record.id])
            #expect(try await log.lookup(value: "nobody@example.org", digester: digester).isEmpty)
            #expect(try await log.lookup(value: Samples.email, digester: ValueDigester(key: Array(repeating: 1, count: 32))).isEmpty,
                    "another key gives other digests")
            try await log.checkDigestKey(digester)
            try await log.checkDigestKey(digester)
            await #expect(throws: LogError.self) { try await log.checkDigestKey(ValueDigester(key: Array(repeating: 1, count: 32))) }
        }
    }

    /// Digests reach their index a run at a time behind the appends (every 4 detections here,
    /// and each record has 3): a lookup finds a value whether its detection is indexed yet or
    /// not, and an erasure takes the index rows too.
    static func looksUpIndexedAndUnindexedDetections(_ kind: StoreKind) async throws {
        try await withStore(kind, digestIndexInterval: 4) { store, log in
            let lookup = { try await log.lookup(value: Samples.email, digester: Samples.digester).map(\.record.id) }
            let first = Samples.record(subject: "erase-me")
            try await log.append(first)
            #expect(try await store.raw("SELECT CAST(COUNT(*) AS TEXT) FROM log_digests") == [["0"]], "3 detections: not yet a run")
            #expect(try await lookup() == [first.id], "found in the unindexed tail")

            let second = Samples.record(subject: "keep")
            try await log.append(second)
            #expect(try await store.raw("SELECT CAST(run AS TEXT), CAST(COUNT(*) AS TEXT) FROM log_digests GROUP BY run") == [["2", "6"]], "one run: seqs 1 and 2")
            let third = Samples.record(subject: "erase-me")
            try await log.append(third)
            #expect(try await lookup() == [first.id, second.id, third.id], "from the index and from the tail")

            #expect(try await log.erase(subject: "erase-me") == 2)
            #expect(try await lookup() == [second.id])
            #expect(try await store.raw("SELECT DISTINCT CAST(seq AS TEXT) FROM log_digests") == [["2"]])
            #expect(try await log.verify().isIntact)
        }
    }

    /// A purge removes whole runs of the digest index and the purged part of the run that
    /// straddles its cut.
    static func purgeTrimsTheDigestIndex(_ kind: StoreKind) async throws {
        try await withStore(kind, digestIndexInterval: 4) { store, log in
            let now = Date()
            let old = now.addingTimeInterval(-40 * 86_400)
            var records: [DisclosureRecord] = []
            for time in [old, old, old, now, now] {
                records.append(Samples.record(time: time))
                try await log.append(records.last!)
            }
            #expect(try await store.raw("SELECT CAST(run AS TEXT) FROM log_digest_runs ORDER BY run") == [["2"], ["4"]])
            #expect(try await log.applyRetention(days: 30, now: now) == 3)
            #expect(try await store.raw("SELECT DISTINCT CAST(seq AS TEXT) FROM log_digests") == [["4"]], "run 4 keeps seq 4 only")
            #expect(try await store.raw("SELECT CAST(run AS TEXT) FROM log_digest_runs") == [["4"]])
            #expect(try await log.lookup(value: Samples.email, digester: Samples.digester).map(\.record.id) == [records[3].id, records[4].id])
            #expect(try await log.verify().isIntact)
        }
    }

    /// A store written by a tacet with schema version 1 (digests indexed as appended) is
    /// migrated on open; its detections are found from the tail until runs index them.
    static func upgradesAVersionOneStore(_ kind: StoreKind) async throws {
        let store = try await TestStore(kind)
        do {
            try await upgrade(store)
            await store.remove()
        } catch {
            await store.remove()
            throw error
        }
    }

    private static func upgrade(_ store: TestStore) async throws {
        var log = try await store.open()
        var ids: [UUID] = []
        for _ in 0..<3 {
            let record = Samples.record()
            try await log.append(record)
            ids.append(record.id)
        }
        await log.close()
        for statement in [
            "DROP TABLE log_digests", "DROP TABLE log_digest_runs",
            "CREATE INDEX log_detections_digest ON log_detections (digest)",
            "DROP INDEX log_entries_subject", "CREATE INDEX log_entries_subject ON log_entries (subject)",
            "DROP INDEX log_entries_ref", "CREATE INDEX log_entries_ref ON log_entries (ref_id)",
            "UPDATE log_meta SET value = '1' WHERE key = 'schema_version'",
            "DELETE FROM log_meta WHERE key = 'digests_indexed_through'",
        ] {
            _ = try await store.raw(statement)
        }

        log = try await store.open(digestIndexInterval: 4)
        do {
            try await checkUpgraded(store, log, oldIDs: ids)
            await log.close()
        } catch {
            await log.close()
            throw error
        }
    }

    private static func checkUpgraded(_ store: TestStore, _ log: DisclosureLog, oldIDs: [UUID]) async throws {
        var ids = oldIDs
        #expect(try await store.raw("SELECT value FROM log_meta WHERE key = 'schema_version'") == [["2"]])
        #expect(try await log.lookup(value: Samples.email, digester: Samples.digester).map(\.record.id) == ids)
        for _ in 0..<2 {
            let record = Samples.record()
            try await log.append(record)
            ids.append(record.id)
        }
        #expect(try await store.raw("SELECT CAST(MIN(seq) AS TEXT), CAST(MAX(seq) AS TEXT) FROM log_digests") == [["1", "3"]], "the first run starts at the old records")
        #expect(try await log.lookup(value: Samples.email, digester: Samples.digester).map(\.record.id) == ids)
        #expect(try await log.verify().isIntact)
    }

    static func verifyNamesTheFirstAlteredEntry(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, log in
            for index in 0..<5 { try await log.append(Samples.record(subject: "user-\(index)")) }
            #expect(try await log.verify().isIntact)
            _ = try await store.raw("UPDATE log_entries SET provider = 'elsewhere' WHERE seq = 3")
            _ = try await store.raw("UPDATE log_entries SET model = 'other' WHERE seq = 4")
            let report = try await log.verify()
            let problem = try #require(report.problem)
            #expect(problem.seq == 3)
            #expect(problem.reason.contains("altered"))
            let id = try await store.raw("SELECT id FROM log_entries WHERE seq = 3")[0][0]
            #expect(problem.id == id)
        }
    }

    static func verifyFindsRemovedAndRelinkedEntries(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, log in
            for index in 0..<6 { try await log.append(Samples.record(subject: "user-\(index)")) }
            _ = try await store.raw("DELETE FROM log_entries WHERE seq = 4")
            #expect(try await log.verify().problem?.seq == 5)
            #expect(try await log.verify().problem?.reason.contains("missing") == true)
            _ = try await store.raw("DELETE FROM log_entries WHERE seq <= 2")
            let problem = try #require(try await log.verify().problem)
            #expect(problem.seq == 3 && problem.reason.contains("no purge checkpoint"))
        }
    }

    static func erasesASubjectAndStillVerifies(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, log in
            let gone = Samples.record(subject: "erase-me")
            try await log.append(gone)
            try await log.append(Samples.record(subject: "keep"))
            try await log.append(DisclosureOutcome(recordID: gone.id, upstreamStatus: 200, responseBytes: 10, latencyMicroseconds: 5))
            try await log.append(Samples.record(subject: "erase-me"))
            #expect(try await log.erase(subject: "erase-me") == 2)
            #expect(try await log.query(LogFilter(subject: "erase-me")).isEmpty)
            #expect(try await log.query(LogFilter()).map(\.record.subject) == ["keep"])
            #expect(try await log.lookup(value: Samples.email, digester: Samples.digester).count == 1)
            let leftovers = try await store.raw("SELECT kind, subject, detections, provider FROM log_entries WHERE kind = 'erased'")
            #expect(leftovers.count == 3, "two records and one outcome become stubs")
            #expect(leftovers.allSatisfy { $0[1] == nil && $0[2] == nil && $0[3] == nil })
            #expect(try await store.raw("SELECT subject FROM log_entries WHERE subject = 'erase-me'").isEmpty)
            #expect(try await log.verify() == VerifyReport(entriesChecked: 5, problem: nil))
            #expect(try await log.erase(subject: "erase-me") == 0)

            // A stub made by hand, with no checkpoint naming it, is caught.
            _ = try await store.raw("UPDATE log_entries SET kind = 'erased', subject = NULL WHERE seq = 2")
            let problem = try #require(try await log.verify().problem)
            #expect(problem.seq == 2 && problem.reason.contains("no erasure checkpoint"))
        }
    }

    static func purgesOldEntriesAndStillVerifies(_ kind: StoreKind) async throws {
        try await withStore(kind) { _, log in
            let now = Date()
            for days in [40, 35, 31, 10, 1] {
                try await log.append(Samples.record(subject: "aged-\(days)", time: now.addingTimeInterval(-Double(days) * 86_400)))
            }
            #expect(try await log.applyRetention(days: 30, now: now) == 3)
            #expect(try await log.query(LogFilter()).map(\.record.subject) == ["aged-10", "aged-1"])
            #expect(try await log.verify() == VerifyReport(entriesChecked: 3, problem: nil))
            #expect(try await log.applyRetention(days: 30, now: now) == 0)
            try await log.append(Samples.record(subject: "new"))
            #expect(try await log.applyRetention(days: 5, now: now) == 1)
            #expect(try await log.verify().isIntact)
            #expect(try await log.erase(subject: "new") == 1)
            #expect(try await log.applyRetention(days: 0, now: now.addingTimeInterval(60)) == 5, "every entry, stubs and checkpoints too")
            #expect(try await log.query(LogFilter()).isEmpty)
            #expect(try await log.verify() == VerifyReport(entriesChecked: 1, problem: nil))
        }
    }

    static func concurrentAppendsAreGroupCommitted(_ kind: StoreKind) async throws {
        try await withStore(kind) { _, log in
            let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
                for index in 0..<400 {
                    group.addTask {
                        let record = Samples.record(subject: "user-\(index % 7)")
                        try await log.append(record)
                        return record.id
                    }
                }
                return try await group.reduce(into: Set<UUID>()) { $0.insert($1) }
            }
            #expect(Set(try await log.query(LogFilter()).map(\.record.id)) == ids)
            #expect(try await log.verify() == VerifyReport(entriesChecked: 400, problem: nil))
        }
    }

    /// Fail closed: an append the store cannot write throws, and nothing claims it was logged.
    static func appendFailsWhenTheStoreCannotWrite(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, log in
            try await log.append(Samples.record())
            _ = try await store.raw("DROP TABLE log_entries")
            let error = await #expect(throws: LogError.self) { try await log.append(Samples.record()) }
            #expect(error?.description.contains("could not write") == true)
            for value in Samples.planted { #expect(error?.description.contains(value) == false) }
        }
    }

    /// Two writer processes append to one store at once; the chain stays whole.
    static func writerProcessesShareOneChain(_ kind: StoreKind) async throws {
        let store = try await TestStore(kind)
        defer { Task { await store.remove() } }
        // Create the schema first, so the processes do not race to create it.
        await (try await store.open()).close()
        let writers = try (0..<2).map { _ in
            try StressProcess.start(["--store", store.storeArgument, "--writers", "4", "--window", "8", "--records", "600"])
        }
        for writer in writers {
            let status = writer.wait()
            #expect(status == 0, "tacet-log-stress failed: \(writer.standardError())")
        }
        let log = try await store.open()
        #expect(try await log.query(LogFilter()).count == 1_200)
        #expect(try await log.verify() == VerifyReport(entriesChecked: 1_200, problem: nil))
        await log.close()
    }

    /// SIGKILL a writer under load: every record it acknowledged is there after reopening.
    static func acknowledgedRecordsSurviveSIGKILL(_ kind: StoreKind) async throws {
        let store = try await TestStore(kind)
        defer { Task { await store.remove() } }
        let writer = try StressProcess.start(["--store", store.storeArgument, "--writers", "8", "--window", "16", "--seconds", "120", "--print-acks"])
        let deadline = Date().addingTimeInterval(60)
        while writer.acknowledged().count < 3_000 && Date() < deadline && writer.isRunning { usleep(20_000) }
        writer.kill()
        let acknowledged = writer.acknowledged()
        #expect(acknowledged.count >= 3_000, "the writer acknowledged only \(acknowledged.count): \(writer.standardError())")

        let log = try await store.open()
        let stored = Set(try await log.query(LogFilter()).map { $0.record.id.uuidString.lowercased() })
        let missing = acknowledged.subtracting(stored)
        #expect(missing.isEmpty, "\(missing.count) acknowledged records are missing after SIGKILL")
        let report = try await log.verify()
        #expect(report.isIntact, "\(report.problem?.description ?? "")")
        #expect(report.entriesChecked == stored.count)
        await log.close()
    }
}

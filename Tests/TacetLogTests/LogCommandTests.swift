import Foundation
import TacetLog
import Testing

/// Runs the built `tacet` with output to files.
func runTacet(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    let io = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-log-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: io, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: io) }
    let out = io.appendingPathComponent("out"), err = io.appendingPathComponent("err")
    try Data().write(to: out)
    try Data().write(to: err)
    let process = Process()
    process.executableURL = builtProduct("tacet")
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    merged["TACET_LOG_STORE"] = environment["TACET_LOG_STORE"]
    merged["TACET_LOG_KEY"] = environment["TACET_LOG_KEY"]
    process.environment = merged
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
}

@Suite("tacet log")
struct LogCommandTests {
    /// A data directory with a key file and a SQLite log of three records, two for `user-1`.
    static func populatedDataDirectory() async throws -> (TestStore, ValueDigester) {
        let store = try await TestStore(.sqlite)
        let digester = try DigestKeySource(file: store.folder.appendingPathComponent("log-digest.key").path)
            .load(environment: [:], createIfMissing: true)
        let log = try await store.open()
        try await log.checkDigestKey(digester)
        for (subject, provider) in [("user-1", "openai"), ("user-2", "anthropic"), ("user-1", "anthropic")] {
            let record = DisclosureRecord(
                clientKeyID: "client-a", subject: subject, upstream: "\(provider)-main", provider: provider, model: "m",
                endpoint: "/v1/messages", decision: .redacted,
                detections: [
                    Detection(entity: "EMAIL_ADDRESS", ruleID: "email-address", action: "placeholder", jsonPath: "$.messages[0].content",
                              value: subject == "user-2" ? "other@example.org" : Samples.email, digester: digester),
                    Detection(entity: "CREDIT_CARD", ruleID: "credit-card-number", action: "mask", jsonPath: "$.messages[1].content",
                              value: Samples.card, digester: digester),
                    Detection(entity: "SECRET", ruleID: "github-pat", action: "block", jsonPath: "$.system", value: Samples.token, digester: digester),
                ],
                requestBytes: 900)
            try await log.append(record)
            try await log.append(DisclosureOutcome(recordID: record.id, upstreamStatus: 200, responseBytes: 300, latencyMicroseconds: 1_000))
        }
        await log.close()
        return (store, digester)
    }

    @Test func queryLookupExportStatsVerifyDeletePurge() async throws {
        let (store, _) = try await Self.populatedDataDirectory()
        defer { Task { await store.remove() } }
        let dir = ["--data-dir", store.folder.path]

        let table = try runTacet(["log", "query", "--subject", "user-1"] + dir)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.split(separator: "\n").count == 3, "a header and two records:\n\(table.stdout)")
        #expect(table.stdout.contains("CREDIT_CARD×1,EMAIL_ADDRESS×1,SECRET×1"))

        let json = try runTacet(["log", "query", "--provider", "anthropic", "--format", "json"] + dir)
        let records = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(records?.count == 2)

        let lookup = try runTacet(["log", "lookup", "--value", "ANA.LIMA@example.org "] + dir)
        #expect(lookup.status == 0, "\(lookup.stderr)")
        #expect(lookup.stdout.split(separator: "\n").count == 3)
        let none = try runTacet(["log", "lookup", "--value", "nobody@example.org"] + dir)
        #expect(none.stdout.contains("not found"))
        let wrongKey = try runTacet(["log", "lookup", "--value", "x"] + dir, environment: ["TACET_LOG_KEY": String(repeating: "0", count: 64)])
        #expect(wrongKey.status == 2 && wrongKey.stderr.contains("not the one this log was written with"))

        let export = try runTacet(["log", "export", "--subject", "user-1"] + dir)
        let exported = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any]
        #expect(exported?["subject"] as? String == "user-1")
        #expect((exported?["records"] as? [Any])?.count == 2)

        let stats = try runTacet(["log", "stats", "--format", "json"] + dir)
        #expect(stats.status == 0 && stats.stdout.contains("\"CREDIT_CARD\""))

        #expect(try runTacet(["log", "verify"] + dir).stdout.contains("chain intact: 6 entries verified"))
        #expect(try runTacet(["log", "delete", "--subject", "user-1"] + dir).stdout.contains("erased 2 records"))
        #expect(try runTacet(["log", "query", "--subject", "user-1"] + dir).stdout.split(separator: "\n").count == 1)
        #expect(try runTacet(["log", "verify"] + dir).stdout.contains("chain intact: 7 entries verified"))

        let noRetention = try runTacet(["log", "purge"] + dir)
        #expect(noRetention.status == 2 && noRetention.stderr.contains("retention_days"))
        let config = store.folder.appendingPathComponent("tacet.toml")
        try Data("[log]\nretention_days = 1\n".utf8).write(to: config)
        #expect(try runTacet(["log", "purge", "--config", config.path] + dir).stdout.contains("removed 0 entries"))
        #expect(try runTacet(["log", "purge", "--older-than-days", "0"] + dir).stdout.contains("removed 7 entries"))
        #expect(try runTacet(["log", "verify"] + dir).stdout.contains("chain intact: 1 entries verified"))

        _ = try await store.raw("UPDATE log_entries SET note = '{}'")
        let broken = try runTacet(["log", "verify"] + dir)
        #expect(broken.status == 1 && broken.stdout.contains("chain broken at entry 8"), "\(broken.stdout)")
    }

    @Test func missingStoreAndBadDatesAreClearErrors() throws {
        let missing = try runTacet(["log", "query", "--data-dir", "/nonexistent/tacet"])
        #expect(missing.status == 2 && missing.stderr.contains("no disclosure log at /nonexistent/tacet/disclosures.sqlite"))
        let date = try runTacet(["log", "query", "--since", "yesterday", "--data-dir", "/nonexistent"])
        #expect(date.status == 2 && date.stderr.contains("--since: yesterday is not a date"))
    }
}

/// No planted raw value in any file the store writes, any command output or any log line.
@Suite("Raw values never stored")
struct RawValueTests {
    static func assertAbsent(in data: Data, _ place: String) {
        for value in Samples.planted {
            #expect(data.range(of: Data(value.utf8)) == nil, "a planted value appears in \(place)")
        }
    }

    static func filesUnder(_ folder: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        return (walker?.allObjects as? [URL] ?? []).filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }

    /// Every command over a log written from planted values; every output line checked.
    static func commandOutputs(_ dir: [String], environment: [String: String] = [:]) throws -> [String] {
        var outputs: [String] = []
        let commands: [[String]] = [
            ["query"], ["query", "--format", "json"], ["lookup", "--value", Samples.email], ["lookup", "--value", Samples.card, "--format", "json"],
            ["lookup", "--value", Samples.token], ["export", "--subject", "user-1"], ["stats"], ["verify"],
            ["delete", "--subject", "user-2"], ["purge", "--older-than-days", "365"],
        ]
        for command in commands {
            let result = try runTacet(["log"] + command + dir, environment: environment)
            #expect(result.status == 0, "tacet log \(command[0]) failed: \(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        return outputs
    }

    @Test func sqliteFilesAndOutputs() async throws {
        let (store, _) = try await LogCommandTests.populatedDataDirectory()
        defer { Task { await store.remove() } }
        // While a log is open, its WAL and shared-memory files exist: check them too.
        let log = try await store.open()
        let files = Self.filesUnder(store.folder)
        #expect(files.contains { $0.lastPathComponent == "disclosures.sqlite-wal" })
        for file in files { Self.assertAbsent(in: try Data(contentsOf: file), file.path) }
        await log.close()
        for output in try Self.commandOutputs(["--data-dir", store.folder.path]) { Self.assertAbsent(in: Data(output.utf8), "command output") }
        let stress = try StressProcess.start(["--store", store.storeArgument, "--records", "50", "--print-acks"])
        #expect(stress.wait() == 0)
        Self.assertAbsent(in: Data(stress.standardError().utf8), "tacet-log-stress output")
        for file in Self.filesUnder(store.folder) { Self.assertAbsent(in: try Data(contentsOf: file), file.path) }
    }

    @Test(.enabled(if: postgresTestURL != nil, postgresSkipNote))
    func postgresRowsFilesAndOutputs() async throws {
        let store = try await TestStore(.postgres)
        defer { Task { await store.remove() } }
        let log = try await store.open()
        try await log.checkDigestKey(Samples.digester)
        for subject in ["user-1", "user-2"] { try await log.append(Samples.record(subject: subject, withCard: true)) }
        await log.close()
        let environment = ["TACET_LOG_STORE": { if case .postgres(let url) = store.location { url } else { "" } }(),
                           "TACET_LOG_KEY": String(repeating: "2a", count: 32)]
        for output in try Self.commandOutputs(["--data-dir", store.folder.path], environment: environment) {
            Self.assertAbsent(in: Data(output.utf8), "command output")
        }
        // Everything the server holds for this database, as text…
        for table in ["log_entries", "log_detections", "log_meta"] {
            let rows = try await store.raw("SELECT t::text FROM \(table) t")
            Self.assertAbsent(in: Data(rows.map { $0[0] ?? "" }.joined(separator: "\n").utf8), "table \(table)")
        }
        // …and the server's own files for it (its tables and the write-ahead log), where this
        // process may read them (root, as in CI).
        let dataDirectory = try await store.raw("SELECT current_setting('data_directory')")[0][0] ?? ""
        let oid = try await store.raw("SELECT oid FROM pg_database WHERE datname = current_database()")[0][0] ?? ""
        let serverFiles = Self.filesUnder(URL(fileURLWithPath: dataDirectory).appendingPathComponent("base/\(oid)"))
            + Self.filesUnder(URL(fileURLWithPath: dataDirectory).appendingPathComponent("pg_wal"))
        if serverFiles.isEmpty {
            print("note: the PostgreSQL server's files at \(dataDirectory) are not readable here; checked its rows only")
        }
        for file in serverFiles { Self.assertAbsent(in: (try? Data(contentsOf: file)) ?? Data(), file.path) }
    }
}

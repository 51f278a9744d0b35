import Foundation
import GRDB
import Logging
import PostgresNIO
import TacetLog
import Testing

/// The PostgreSQL server the tests use: `TACET_TEST_POSTGRES_URL` (scripts/test sets it).
let postgresTestURL = ProcessInfo.processInfo.environment["TACET_TEST_POSTGRES_URL"]
let postgresSkipNote: Comment =
    "TACET_TEST_POSTGRES_URL is not set: PostgreSQL store tests SKIPPED (scripts/test starts a server and sets it)"

enum StoreKind: String, Sendable {
    case sqlite, postgres
}

/// A fresh, empty store for one test: a SQLite file in a new folder, or a new database on
/// the test server. ``remove()`` drops it.
final class TestStore: Sendable {
    let kind: StoreKind
    let location: StoreLocation
    /// The SQLite store's folder (its data directory).
    let folder: URL
    private let databaseName: String?

    init(_ kind: StoreKind) async throws {
        self.kind = kind
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            databaseName = nil
            location = .sqlite(path: folder.appendingPathComponent("disclosures.sqlite").path)
        case .postgres:
            let base = try #require(postgresTestURL, postgresSkipNote)
            let name = "tacet_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            try await Self.adminExecute(base, "CREATE DATABASE \(name)")
            databaseName = name
            location = .postgres(url: Self.url(base, database: name))
        }
    }

    /// The store's URL or path, as `tacet-log-stress --store` takes it.
    var storeArgument: String {
        switch location {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let url): url
        }
    }

    func open(digestIndexInterval: Int = DigestIndexer.defaultInterval) async throws -> DisclosureLog {
        try await DisclosureLog.open(location, digestIndexInterval: digestIndexInterval)
    }

    /// Runs SQL on the store behind the log's back (to tamper with it, or to read it raw).
    /// PostgreSQL sends non-text columns in binary: cast them to TEXT to compare.
    func raw(_ sql: String) async throws -> [[String?]] {
        switch location {
        case .sqlite(let path):
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try await queue.write { db in
                try Row.fetchAll(db, sql: sql).map { row in
                    row.databaseValues.map { value -> String? in
                        switch value.storage {
                        case .null: nil
                        case .int64(let int): String(int)
                        case .double(let double): String(double)
                        case .string(let string): string
                        case .blob(let data): String(decoding: data, as: UTF8.self)
                        }
                    }
                }
            }
        case .postgres(let url):
            return try await Self.withConnection(url) { connection, logger in
                var rows: [[String?]] = []
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                    rows.append(row.map { cell in cell.bytes.map { String(buffer: $0) } })
                }
                return rows
            }
        }
    }

    func remove() async {
        try? FileManager.default.removeItem(at: folder)
        if let databaseName, let base = postgresTestURL {
            try? await Self.adminExecute(base, "DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")
        }
    }

    private static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }

    private static func adminExecute(_ base: String, _ sql: String) async throws {
        _ = try await withConnection(base) { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    private static func withConnection<T: Sendable>(
        _ url: String, _ body: @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        let components = URLComponents(string: url)!
        let logger = Logger(label: "tacet.log.tests")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: components.host!, port: components.port ?? 5432, username: components.user!,
                password: components.password, database: String(components.path.dropFirst()), tls: .disable),
            id: 99, logger: logger)
        do {
            let result = try await body(connection, logger)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Planted values and records built from them: the digester sees the values, the store must not.
struct Samples {
    static let digester = ValueDigester(key: Array(repeating: 42, count: 32))
    static let email = "Ana.Lima@Example.org"
    static let phone = "+44 20 7946 0958"
    static let card = "4111 1111 1111 1111"
    static let token = "ghp_PLANTEDtoken0123456789abcdefABCDEF"
    static var planted: [String] { [email, email.lowercased(), phone, "442079460958", card, "4111111111111111", token] }

    static func record(
        subject: String? = "user-1", client: String = "client-a", provider: String = "openai", time: Date = Date(),
        decision: Decision = .redacted, withCard: Bool = false
    ) -> DisclosureRecord {
        var detections = [
            Detection(entity: "EMAIL_ADDRESS", ruleID: "email-address", action: "placeholder", jsonPath: "$.messages[0].content", value: email, digester: digester),
            Detection(entity: "PHONE_NUMBER", ruleID: "phone-number", action: "mask", jsonPath: "$.messages[1].content", value: phone, digester: digester),
            Detection(entity: "SECRET", ruleID: "github-pat", action: "block", jsonPath: "$.system", value: token, digester: digester),
        ]
        if withCard {
            detections.append(Detection(entity: "CREDIT_CARD", ruleID: "credit-card-number", action: "mask", jsonPath: "$.input", value: card, digester: digester))
        }
        return DisclosureRecord(
            time: time, clientKeyID: client, subject: subject, upstream: "\(provider)-main", provider: provider, model: "model-x",
            endpoint: "/v1/chat/completions", decision: decision, detections: detections, requestBytes: 2_048)
    }
}

/// The built executables, next to the test bundle.
func builtProduct(_ name: String) -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
}

import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode through GRDB, `synchronous=FULL` so a
/// commit is on disk before it returns. Writes run in `BEGIN IMMEDIATE` transactions, which
/// take SQLite's write lock at once: that lock is the chain lock, across processes too.
final class SQLiteBackend: LogBackend {
    private let pool: DatabasePool

    init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LogError("cannot create the data directory \(folder): \(error.localizedDescription)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "tacet-log"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Batches dirty many index pages: keep them cached, and checkpoint the WAL into the
            // database less often, so a page written by many commits is copied back once.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw LogError("cannot open the log store \(path): \(error)")
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(GRDBSession(db: db))
                    return .commit
                }
                return result!
            }
        } catch let error as LogError {
            throw error
        } catch {
            throw LogError("the log store could not write: \(error)")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        do {
            return try await pool.read { db in try body(GRDBSession(db: db)) }
        } catch let error as LogError {
            throw error
        } catch {
            throw LogError("the log store could not read: \(error)")
        }
    }

    func close() async {
        try? pool.close()
    }
}

/// ``SQLSession`` over a GRDB connection inside `write` or `read`.
private struct GRDBSession: SQLSession {
    let db: Database

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try db.execute(sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue)))
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [[SQLValue]] {
        try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue))).map { row in
            row.databaseValues.map { value in
                switch value.storage {
                case .int64(let int): .int(int)
                case .string(let string): .text(string)
                case .null: .null
                case .double(let double): .int(Int64(double))
                case .blob(let data): .text(String(decoding: data, as: UTF8.self))
                }
            }
        }
    }
}

extension SQLValue {
    fileprivate var databaseValue: DatabaseValue {
        switch self {
        case .int(let int): int.databaseValue
        case .text(let text): text.databaseValue
        case .null: .null
        }
    }
}

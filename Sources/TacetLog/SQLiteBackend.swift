import Foundation
import GRDB
import GRDBSQLite

/// The embedded store: one SQLite file in WAL mode through GRDB, `synchronous=FULL` so a
/// commit is on disk before it returns. Writes run in `BEGIN IMMEDIATE` transactions, which
/// take SQLite's write lock at once: that lock is the chain lock, across processes too.
///
/// A checkpointer on a connection of its own copies committed pages from the WAL back into the
/// database file every ``checkpointInterval``, passively (it neither waits for nor blocks the
/// writer). Left to the writer, a checkpoint stalls the commit that crosses the WAL's limit,
/// and every append waiting for it: that was the proxy's p99 (40 ms one request at a time; 12
/// ms with the checkpointer). The writer's own checkpoint stays as the bound on the WAL, and
/// then finds most pages already copied.
final class SQLiteBackend: LogBackend {
    private let pool: DatabasePool
    private let checkpointConnection: DatabaseQueue
    private let checkpointer: Task<Void, Never>
    static let checkpointInterval = Duration.milliseconds(100)

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
            // 16 KiB pages: fewer page operations per appended row than 4 KiB (about a fifth
            // more records per second). Takes effect only in a new store, before its first write.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Batches dirty many index pages: keep them cached. The writer checkpoints once the
            // WAL passes 64 MiB (4,096 pages), if the checkpointer has fallen behind.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4096")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            checkpointConnection = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw LogError("cannot open the log store \(path): \(error)")
        }
        checkpointer = Task.detached { [checkpointConnection] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.checkpointInterval)
                // Busy (another process's checkpointer) or failed: the next run copies the pages.
                _ = try? await checkpointConnection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
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
        checkpointer.cancel()
        await checkpointer.value
        try? checkpointConnection.close()
        try? pool.close()
    }
}

/// ``SQLSession`` over a GRDB connection inside `write` or `read`.
private struct GRDBSession: SQLSession {
    let db: Database

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try db.execute(sql: sql, arguments: StatementArguments(arguments.map { $0.databaseValue }))
    }

    /// One prepared single-row INSERT, kept in the connection's statement cache, bound and
    /// stepped once per row through SQLite's own calls: the cheapest bulk insert SQLite has (a
    /// multi-row VALUES list is compiled anew each time, and GRDB's generic arguments cost more
    /// than the insert itself).
    func insert(into table: SQLTable, rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: table.insertSQL).sqliteStatement
        // SQLITE_TRANSIENT: SQLite copies the bytes before the bind call returns.
        let copyText = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for row in rows {
            sqlite3_reset(statement)
            for (index, value) in row.enumerated() {
                let position = Int32(index + 1)
                switch value {
                case .int(let int): sqlite3_bind_int64(statement, position, int)
                case .null: sqlite3_bind_null(statement, position)
                case .text(var text):
                    text.withUTF8 { bytes in
                        guard let base = bytes.baseAddress else {
                            // No address would bind NULL; an empty string must stay empty.
                            sqlite3_bind_text(statement, position, "", 0, copyText)
                            return
                        }
                        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                            _ = sqlite3_bind_text(statement, position, $0, Int32(bytes.count), copyText)
                        }
                    }
                }
            }
            let status = sqlite3_step(statement)
            guard status == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                sqlite3_reset(statement)
                throw LogError("the log store could not insert into \(table.name): \(message)")
            }
        }
        sqlite3_reset(statement)
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [[SQLValue]] {
        try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map { $0.databaseValue })).map { row in
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

extension SQLTable {
    fileprivate var insertSQL: String {
        "INSERT INTO \(name) (\(columnList)) VALUES (" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
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

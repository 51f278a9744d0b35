/// A value bound to or read from SQL; the log's schema needs only these three.
enum SQLValue: Sendable, Equatable {
    case int(Int64)
    case text(String)
    case null

    init(_ value: String?) { self = value.map { .text($0) } ?? .null }

    var text: String? { if case .text(let value) = self { value } else { nil } }
    var int: Int64? { if case .int(let value) = self { value } else { nil } }
}

/// A table the log appends to in bulk, with each column's SQL type (PostgreSQL's bulk insert
/// sends one typed array per column).
struct SQLTable: Sendable {
    enum ColumnType: String, Sendable { case bigint, text }

    let name: String
    let columns: [(name: String, type: ColumnType)]

    var columnList: String { columns.map(\.name).joined(separator: ", ") }
}

/// One open transaction on a store, holding the chain lock, for the store-independent log
/// logic (``LogOperations``). SQL is written once with `?` placeholders; each store translates.
protocol SQLSession {
    func execute(_ sql: String, _ arguments: [SQLValue]) throws
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [[SQLValue]]
    /// Inserts `rows`, each holding `table`'s columns in order, the fastest way the store has.
    func insert(into table: SQLTable, rows: [[SQLValue]]) throws
}

extension SQLSession {
    func execute(_ sql: String) throws { try execute(sql, []) }
    func rows(_ sql: String) throws -> [[SQLValue]] { try rows(sql, []) }
}

/// A store: a transaction that holds the chain lock (for writes), or a plain read.
protocol LogBackend: Sendable {
    /// Runs `body` in one transaction holding the chain lock; returns after the commit is durable.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    func close() async
}

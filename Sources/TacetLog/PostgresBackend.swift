import Dispatch
import Foundation
import Logging
import PostgresNIO

/// The fleet store: PostgreSQL through postgres-nio, one connection, used by one serial
/// queue with blocking waits (the store-independent logic is synchronous; the queue is its
/// own thread, never an event loop or the concurrency pool). Each write transaction first
/// takes a transaction-scoped advisory lock: the chain lock every process writing this
/// database shares. A lost connection fails the batch in hand (fail closed) and is opened
/// again for the next.
final class PostgresBackend: LogBackend {
    /// The advisory lock key of the chain ("tacetlog" in ASCII).
    static let chainLock: Int64 = 0x7461_6365_746c_6f67

    private let address: PostgresAddress
    private let queue = DispatchQueue(label: "tacet-log-postgres")
    private let connection = LockedConnection()
    private let logger = Logger(label: "tacet.log.postgres")

    init(address: PostgresAddress) async throws {
        self.address = address
        _ = try await onQueue { try self.connected() }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await onQueue {
            let session = PostgresSession(connection: try self.connected(), logger: self.logger)
            do {
                try session.execute("BEGIN")
                try session.execute("SELECT pg_advisory_xact_lock(?)", [.int(Self.chainLock)])
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch {
                try? session.execute("ROLLBACK")
                throw self.wrap(error, "write")
            }
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await onQueue {
            let session = PostgresSession(connection: try self.connected(), logger: self.logger)
            do {
                try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch {
                try? session.execute("ROLLBACK")
                throw self.wrap(error, "read")
            }
        }
    }

    func close() async {
        try? await onQueue {
            guard let open = self.connection.take() else { return }
            // Keep the connection alive until its channel has closed: it asserts on deinit otherwise.
            try withExtendedLifetime(open) { try open.close().wait() }
        }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The open connection, or a new one when there is none or it closed. On the queue only.
    private func connected() throws -> PostgresConnection {
        if let open = connection.current, !open.isClosed { return open }
        let configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: address.requireTLS ? .require(try .init(configuration: .makeClientConfiguration())) : .disable)
        let opened = Result<PostgresConnection, any Error> {
            try Self.blocking { [logger] in try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger) }
        }
        switch opened {
        case .success(let new):
            connection.current = new
            return new
        case .failure(let error):
            throw LogError("cannot connect to the log store \(address.display): \(String(reflecting: error).prefix(300))")
        }
    }

    private func wrap(_ error: any Error, _ what: String) -> any Error {
        if error is LogError { return error }
        return LogError("the log store \(address.display) could not \(what): \(Self.describe(error))")
    }

    /// postgres-nio's errors describe themselves generically on purpose; the server's message
    /// (which never holds bound values) says what went wrong.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// Runs async work to completion from a thread outside the concurrency pool.
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.set(await Result { try await work() })
            done.signal()
        }
        done.wait()
        return try box.get()
    }
}

/// The backend's one connection. Only its queue opens and uses it; the lock is for the
/// compiler's benefit (`Sendable`), not contention.
private final class LockedConnection: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: PostgresConnection?

    var current: PostgresConnection? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func take() -> PostgresConnection? {
        lock.withLock {
            defer { stored = nil }
            return stored
        }
    }
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    func set(_ result: Result<T, any Error>) { lock.withLock { self.result = result } }
    func get() throws -> T { try lock.withLock { result! }.get() }
}

extension Result where Failure == any Error {
    fileprivate init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// ``SQLSession`` over a PostgreSQL connection: `?` placeholders become `$1…`, each statement
/// waits for its result.
private struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try connection.query(try query(sql, arguments), logger: logger).wait()
    }

    /// One statement whatever the row count: each column goes as one typed array and `unnest`
    /// turns them back into rows, so the server parses and plans a short statement once per
    /// batch instead of a VALUES list with thousands of parameters.
    func insert(into table: SQLTable, rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        var binds = PostgresBindings(capacity: table.columns.count)
        for (index, column) in table.columns.enumerated() {
            switch column.type {
            case .bigint: binds.append(NullableArray(rows.map { $0[index].int }))
            case .text: binds.append(NullableArray(rows.map { $0[index].text }))
            }
        }
        let arrays = table.columns.enumerated().map { index, column in "$\(index + 1)::\(column.type.rawValue)[]" }
        let sql = "INSERT INTO \(table.name) (\(table.columnList)) SELECT * FROM unnest(\(arrays.joined(separator: ", ")))"
        _ = try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait()
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [[SQLValue]] {
        try connection.query(try query(sql, arguments), logger: logger).wait().rows.map { row in
            try row.map { cell -> SQLValue in
                guard cell.bytes != nil else { return .null }
                switch cell.dataType {
                case .int2, .int4, .int8, .numeric: return .int(try cell.decode(Int64.self))
                default: return .text(try cell.decode(String.self))
                }
            }
        }
    }

    private func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQuery {
        var text: [UInt8] = []
        text.reserveCapacity(sql.utf8.count + arguments.count * 4)
        var number = 0
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "?") {
                number += 1
                text.append(UInt8(ascii: "$"))
                text += String(number).utf8
            } else {
                text.append(byte)
            }
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .int(let int): binds.append(int)
            case .text(let string): binds.append(string)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: String(decoding: text, as: UTF8.self), binds: binds)
    }
}

/// A one-dimensional PostgreSQL array that may hold NULLs, in the binary array format
/// (postgres-nio's own arrays take no optional elements).
private struct NullableArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>: PostgresNonThrowingEncodable {
    let elements: [Element?]

    init(_ elements: [Element?]) { self.elements = elements }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(1, as: Int32.self)  // dimensions
        buffer.writeInteger(elements.contains(where: { $0 == nil }) ? 1 : 0, as: Int32.self)  // has NULLs
        buffer.writeInteger(Element.psqlType.rawValue)
        buffer.writeInteger(Int32(elements.count))
        buffer.writeInteger(1, as: Int32.self)  // lower bound
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
        }
    }
}

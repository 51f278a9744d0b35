import Foundation
import TOMLKit

/// Where the log lives: the embedded SQLite file or a PostgreSQL server.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)
}

/// The `[log]` table of `tacet.toml`, resolved against the data directory.
///
/// ```toml
/// [log]
/// store = "sqlite"                 # the default: <data dir>/disclosures.sqlite
/// # store = "sqlite:/var/lib/tacet/log.sqlite"
/// # store = "postgres://tacet@db.internal:5432/tacet"
/// retention_days = 90              # 0 or absent: keep forever
/// digest_key_env = "TACET_LOG_KEY" # 64 hex digits, read first
/// digest_key_file = "log-digest.key" # else this file (relative to the data dir)
/// ```
///
/// The environment variable `TACET_LOG_STORE`, when set, replaces `store` (so a PostgreSQL
/// password need not sit in the file).
public struct LogConfiguration: Sendable, Equatable {
    public var dataDirectory: String
    public var store: StoreLocation
    public var retentionDays: Int?
    public var digestKey: DigestKeySource

    public static let tableKeys = ["store", "retention_days", "digest_key_env", "digest_key_file"]

    public init(dataDirectory: String, store: StoreLocation? = nil, retentionDays: Int? = nil, digestKey: DigestKeySource? = nil) {
        self.dataDirectory = dataDirectory
        self.store = store ?? .sqlite(path: (dataDirectory as NSString).appendingPathComponent("disclosures.sqlite"))
        self.retentionDays = retentionDays
        self.digestKey = digestKey ?? DigestKeySource(file: (dataDirectory as NSString).appendingPathComponent("log-digest.key"))
    }

    /// The data directory: `--data-dir`, else `TACET_DATA_DIR`, else `./tacet-data`.
    public static func dataDirectory(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        option ?? environment["TACET_DATA_DIR"] ?? "tacet-data"
    }

    /// Reads the `[log]` table of `file` (absent table: the defaults). Other tables are the
    /// proxy's and are not looked at.
    public static func load(
        file: String?, dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> LogConfiguration {
        var configuration = LogConfiguration(dataDirectory: dataDirectory)
        if let file {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw LogError("\(file): cannot read: \(error.localizedDescription)")
            }
            let root: TOMLTable
            do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
                throw LogError("\(file):\(error.source.begin.line): \(error.description)")
            }
            if let value = root["log"] {
                guard let table = value.table else { throw LogError("\(file): [log] must be a table") }
                try configuration.apply(table, file: file)
            }
        }
        if let store = environment["TACET_LOG_STORE"] {
            configuration.store = try parseStore(store, dataDirectory: dataDirectory, place: "TACET_LOG_STORE")
        }
        return configuration
    }

    private mutating func apply(_ table: TOMLTable, file: String) throws {
        for key in table.keys where !Self.tableKeys.contains(key) {
            throw LogError("\(file): [log] has an unknown key \"\(key)\" (known: \(Self.tableKeys.joined(separator: ", ")))")
        }
        func string(_ key: String) throws -> String? {
            guard let value = table[key] else { return nil }
            guard let string = value.string else { throw LogError("\(file): [log] \(key) must be a string") }
            return string
        }
        if let store = try string("store") {
            self.store = try Self.parseStore(store, dataDirectory: dataDirectory, place: "\(file): [log] store")
        }
        if let value = table["retention_days"] {
            guard let days = value.int, days >= 0 else {
                throw LogError("\(file): [log] retention_days must be a whole number of days, 0 or more")
            }
            retentionDays = days == 0 ? nil : days
        }
        if let name = try string("digest_key_env") {
            guard !name.isEmpty else { throw LogError("\(file): [log] digest_key_env must not be empty") }
            digestKey.environmentVariable = name
        }
        if let path = try string("digest_key_file") {
            digestKey.file = path.hasPrefix("/") ? path : (dataDirectory as NSString).appendingPathComponent(path)
        }
    }

    static func parseStore(_ text: String, dataDirectory: String, place: String) throws -> StoreLocation {
        if text == "sqlite" { return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("disclosures.sqlite")) }
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw LogError("\(place): sqlite: needs a path") }
            return .sqlite(path: path.hasPrefix("/") ? path : (dataDirectory as NSString).appendingPathComponent(path))
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            _ = try PostgresAddress(url: text)
            return .postgres(url: text)
        }
        throw LogError("\(place): must be \"sqlite\", \"sqlite:PATH\" or a postgres:// URL")
    }
}

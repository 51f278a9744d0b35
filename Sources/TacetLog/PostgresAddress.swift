import Foundation

/// A `postgres://user:password@host:port/database?sslmode=…` URL, parsed. `sslmode` is
/// `disable` (the default) or `require`.
struct PostgresAddress: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var requireTLS: Bool

    init(url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql", let host = components.host, !host.isEmpty
        else { throw LogError("store: \(Self.redacted(url)) is not a postgres://user@host/database URL") }
        guard let user = components.user, !user.isEmpty else { throw LogError("store: \(Self.redacted(url)) names no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw LogError("store: \(Self.redacted(url)) names no database") }
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable": requireTLS = false
        case "require": requireTLS = true
        case let other: throw LogError("store: sslmode=\(other) is not supported (disable or require)")
        }
    }

    /// The URL without its password, for messages.
    var display: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "the URL"
    }
}

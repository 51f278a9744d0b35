import Foundation
import TOMLKit
import TacetCore
import TacetLog
import TacetProviders
import TacetRedact

extension ProxyConfiguration {
    static let rootKeys = ["proxy", "policy", "upstreams", "client_keys", "log"]
    static let proxyKeys = [
        "listen", "media", "subject_header", "max_body_bytes", "body_timeout_seconds", "idle_timeout_seconds",
        "upstream_connect_timeout_seconds", "upstream_read_timeout_seconds", "shutdown_drain_seconds",
    ]
    static let upstreamKeys = [
        "name", "kind", "base_url", "path_prefix", "api_key_env", "fail_open", "allow_other_paths", "media", "actions",
    ]
    static let clientKeyKeys = ["id", "key_env", "key_sha256", "actions"]

    /// The embedded defaults with `file` (if any) applied. Unknown tables and keys are errors:
    /// a misspelt key in a privacy proxy's configuration would silently change what leaks.
    public static func load(
        file: String?, dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProxyConfiguration {
        var configuration = ProxyConfiguration(dataDirectory: dataDirectory)
        configuration.log = try LogConfiguration.load(file: file, dataDirectory: dataDirectory, environment: environment)
        guard let file else { return configuration }
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw ConfigurationError("\(file): cannot read: \(error.localizedDescription)")
        }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ConfigurationError("\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        var reader = TableReader(file: file)
        try reader.checkKeys(root, known: rootKeys, place: "")
        if let proxy = try reader.table(root, "proxy") { try configuration.applyProxy(proxy, reader: reader) }
        if let policy = try reader.table(root, "policy") {
            configuration.policy = try RedactionPolicy(table: policy, file: file, keyPrefix: "policy.")
        }
        for table in try reader.tables(root, "upstreams") { try configuration.applyUpstream(table, reader: &reader) }
        for table in try reader.tables(root, "client_keys") {
            configuration.clientKeys.append(try clientKey(table, reader: &reader, environment: environment))
        }
        return configuration
    }

    private mutating func applyProxy(_ table: TOMLTable, reader: TableReader) throws {
        try reader.checkKeys(table, known: Self.proxyKeys, place: "[proxy]")
        if let listen = try reader.string(table, "listen", place: "[proxy]") { try setListen(listen, place: "\(reader.file): [proxy] listen") }
        if let media = try reader.media(table, place: "[proxy]") { self.media = media }
        if let header = try reader.string(table, "subject_header", place: "[proxy]") { subjectHeader = header.lowercased() }
        if let bytes = try reader.positive(table, "max_body_bytes", place: "[proxy]") { limits.maxBodyBytes = bytes }
        if let seconds = try reader.positive(table, "body_timeout_seconds", place: "[proxy]") { limits.bodyTimeout = .seconds(seconds) }
        if let seconds = try reader.positive(table, "idle_timeout_seconds", place: "[proxy]") { limits.idleTimeout = .seconds(seconds) }
        if let seconds = try reader.positive(table, "upstream_connect_timeout_seconds", place: "[proxy]") {
            limits.upstreamConnectTimeout = .seconds(seconds)
        }
        if let seconds = try reader.positive(table, "upstream_read_timeout_seconds", place: "[proxy]") {
            limits.upstreamReadTimeout = .seconds(seconds)
        }
        if let seconds = try reader.positive(table, "shutdown_drain_seconds", place: "[proxy]") { limits.shutdownDrain = .seconds(seconds) }
    }

    private mutating func applyUpstream(_ table: TOMLTable, reader: inout TableReader) throws {
        let place = "[[upstreams]] #\(reader.next("upstreams"))"
        try reader.checkKeys(table, known: Self.upstreamKeys, place: place)
        guard let name = try reader.string(table, "name", place: place), !name.isEmpty else {
            throw ConfigurationError("\(reader.file): \(place) needs a name")
        }
        let place2 = "[[upstreams]] \(name)"
        var upstream = upstreams.first { $0.name == name }
        if let kindName = try reader.string(table, "kind", place: place2) {
            guard let kind = ProviderKind(rawValue: kindName) else {
                throw ConfigurationError("\(reader.file): \(place2) kind \"\(kindName)\" is not openai, anthropic or gemini")
            }
            if upstream == nil { upstream = Upstream(name: name, kind: kind, baseURL: "") }
            upstream?.kind = kind
        }
        guard var upstream else { throw ConfigurationError("\(reader.file): \(place2) needs a kind (openai, anthropic or gemini)") }
        if let url = try reader.string(table, "base_url", place: place2) {
            try Self.checkURL(url, place: "\(reader.file): \(place2) base_url")
            upstream.baseURL = url
        }
        guard !upstream.baseURL.isEmpty else { throw ConfigurationError("\(reader.file): \(place2) needs a base_url") }
        if let prefix = try reader.string(table, "path_prefix", place: place2) {
            guard prefix.isEmpty || (prefix.hasPrefix("/") && !prefix.hasSuffix("/")) else {
                throw ConfigurationError("\(reader.file): \(place2) path_prefix must start with / and not end with one, e.g. \"/mistral\"")
            }
            upstream.pathPrefix = prefix
        }
        if let variable = try reader.string(table, "api_key_env", place: place2) { upstream.apiKeyEnvironment = variable }
        if let failOpen = try reader.bool(table, "fail_open", place: place2) { upstream.failOpen = failOpen }
        if let allow = try reader.bool(table, "allow_other_paths", place: place2) { upstream.allowOtherPaths = allow }
        if let media = try reader.media(table, place: place2) { upstream.media = media }
        upstream.actions = try reader.actions(table, place: place2)
        if let index = upstreams.firstIndex(where: { $0.name == name }) {
            upstreams[index] = upstream
        } else {
            guard !upstreams.contains(where: { $0.pathPrefix == upstream.pathPrefix && $0.kind == upstream.kind }) else {
                throw ConfigurationError(
                    "\(reader.file): \(place2) has the same kind and path_prefix as another upstream; give it a path_prefix such as \"/\(name)\"")
            }
            upstreams.append(upstream)
        }
    }

    private static func clientKey(_ table: TOMLTable, reader: inout TableReader, environment: [String: String]) throws -> ClientKey {
        let place = "[[client_keys]] #\(reader.next("client_keys"))"
        try reader.checkKeys(table, known: clientKeyKeys, place: place)
        guard let id = try reader.string(table, "id", place: place), !id.isEmpty else {
            throw ConfigurationError("\(reader.file): \(place) needs an id")
        }
        let actions = try reader.actions(table, place: "[[client_keys]] \(id)")
        if let variable = try reader.string(table, "key_env", place: place) {
            guard let key = environment[variable], !key.isEmpty else {
                throw ConfigurationError("\(reader.file): [[client_keys]] \(id): the environment variable \(variable) is not set")
            }
            return ClientKey(id: id, key: key, actions: actions)
        }
        if let hex = try reader.string(table, "key_sha256", place: place) {
            guard let digest = HexText.bytes(hex), digest.count == 32 else {
                throw ConfigurationError("\(reader.file): [[client_keys]] \(id): key_sha256 must be 64 hex digits")
            }
            return ClientKey(id: id, keyDigest: digest, actions: actions)
        }
        throw ConfigurationError("\(reader.file): [[client_keys]] \(id) needs key_env or key_sha256")
    }
}

/// Typed reads from TOML tables, with errors that name the file, the table and the key.
struct TableReader {
    let file: String
    private var counters: [String: Int] = [:]

    init(file: String) { self.file = file }

    mutating func next(_ array: String) -> Int {
        counters[array, default: 0] += 1
        return counters[array]!
    }

    func fail(_ place: String, _ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError("\(file): \(place.isEmpty ? "" : place + " ")\(key) \(message)")
    }

    func checkKeys(_ table: TOMLTable, known: [String], place: String) throws {
        for key in table.keys where !known.contains(key) {
            throw fail(place, "\"\(key)\"", "is not a known key (known: \(known.joined(separator: ", ")))")
        }
    }

    func table(_ table: TOMLTable, _ key: String) throws -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let inner = value.table else { throw fail("", "[\(key)]", "must be a table") }
        return inner
    }

    func tables(_ table: TOMLTable, _ key: String) throws -> [TOMLTable] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw fail("", "[[\(key)]]", "must be an array of tables") }
        return try array.map { element in
            guard let inner = element.table else { throw fail("", "[[\(key)]]", "must be an array of tables") }
            return inner
        }
    }

    func string(_ table: TOMLTable, _ key: String, place: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw fail(place, key, "must be a string") }
        return string
    }

    func bool(_ table: TOMLTable, _ key: String, place: String) throws -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { throw fail(place, key, "must be true or false") }
        return bool
    }

    func positive(_ table: TOMLTable, _ key: String, place: String) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int, int > 0 else { throw fail(place, key, "must be a whole number above 0") }
        return int
    }

    func media(_ table: TOMLTable, place: String) throws -> MediaPolicy? {
        guard let name = try string(table, "media", place: place) else { return nil }
        guard let media = MediaPolicy(rawValue: name) else { throw fail(place, "media", "must be \"refuse\" or \"pass\"") }
        return media
    }

    func actions(_ table: TOMLTable, place: String) throws -> [String: RedactionAction] {
        guard let value = table["actions"] else { return [:] }
        guard let inner = value.table else { throw fail(place, "actions", "must be a table of rule id or entity = action") }
        var actions: [String: RedactionAction] = [:]
        for (key, value) in inner {
            do {
                actions[key] = try RedactionAction(toml: value, file: file, key: "\(place) actions.\(key)")
            } catch {
                throw ConfigurationError(error.description)
            }
        }
        return actions
    }
}

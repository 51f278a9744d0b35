import Crypto
import Foundation
import TOMLKit
import TacetLog
import TacetProviders
import TacetRedact

/// Everything `tacet proxy` runs with: the embedded defaults, then `tacet.toml`, then flags.
///
/// ```toml
/// [proxy]
/// listen = "127.0.0.1:8787"
/// media = "refuse"                  # or "pass": images, audio and files go unscanned, logged
/// subject_header = "x-tacet-subject"
/// max_body_bytes = 16777216
/// body_timeout_seconds = 30         # to read a request body (408 after it)
/// idle_timeout_seconds = 60         # a connection that sends nothing (headers included)
/// upstream_connect_timeout_seconds = 10
/// upstream_read_timeout_seconds = 300
/// shutdown_drain_seconds = 30       # how long open streams may finish on SIGTERM
///
/// [policy]                          # as a redaction policy file: [policy.defaults], [policy.actions]
/// actions = { private-key = "block" }
///
/// [[upstreams]]                     # `openai`, `anthropic` and `gemini` exist already
/// name = "mistral"
/// kind = "openai"
/// base_url = "https://api.mistral.ai/v1"
/// path_prefix = "/mistral"          # clients call /mistral/v1/chat/completions
/// api_key_env = "MISTRAL_API_KEY"   # injected when client keys are required
/// fail_open = false                 # true: send what cannot be scanned, and log it
/// allow_other_paths = false         # true: forward its other paths after a raw-text scan
/// media = "pass"
/// actions = { EMAIL_ADDRESS = "allow" }
///
/// [[client_keys]]                   # any entry makes Tacet client keys required
/// id = "team-a"                     # the tenant, in the log
/// key_env = "TACET_KEY_TEAM_A"      # or key_sha256 = "<hex SHA-256 of the key>"
/// actions = { SECRET = "block" }
/// ```
public struct ProxyConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8787
    public var upstreams: [Upstream] = Upstream.builtIn
    public var clientKeys: [ClientKey] = []
    public var policy = RedactionPolicy.standard
    public var media = MediaPolicy.refuse
    public var subjectHeader = "x-tacet-subject"
    public var limits = Limits()
    public var log: LogConfiguration

    public struct Limits: Sendable {
        public var maxBodyBytes = 16 << 20
        public var bodyTimeout: Duration = .seconds(30)
        public var idleTimeout: Duration = .seconds(60)
        public var upstreamConnectTimeout: Duration = .seconds(10)
        public var upstreamReadTimeout: Duration = .seconds(300)
        public var shutdownDrain: Duration = .seconds(30)
        public init() {}
    }

    public struct Upstream: Sendable {
        public var name: String
        public var kind: ProviderKind
        /// As the provider's SDK takes it: `https://api.openai.com/v1`, `https://api.anthropic.com`.
        public var baseURL: String
        /// Client paths start with this (`/mistral`); empty for the built-in providers.
        public var pathPrefix = ""
        /// The environment variable with the provider key injected when client keys are required.
        public var apiKeyEnvironment: String?
        public var failOpen = false
        public var allowOtherPaths = false
        public var media: MediaPolicy?
        public var actions: [String: RedactionAction] = [:]

        public init(name: String, kind: ProviderKind, baseURL: String, pathPrefix: String = "", apiKeyEnvironment: String? = nil) {
            self.name = name
            self.kind = kind
            self.baseURL = baseURL
            self.pathPrefix = pathPrefix
            self.apiKeyEnvironment = apiKeyEnvironment
        }

        /// The providers' public endpoints.
        public static let builtIn = [
            Upstream(name: "openai", kind: .openai, baseURL: "https://api.openai.com/v1", apiKeyEnvironment: "OPENAI_API_KEY"),
            Upstream(name: "anthropic", kind: .anthropic, baseURL: "https://api.anthropic.com", apiKeyEnvironment: "ANTHROPIC_API_KEY"),
            Upstream(
                name: "gemini", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com",
                apiKeyEnvironment: "GEMINI_API_KEY"),
        ]
    }

    public struct ClientKey: Sendable {
        public var id: String
        /// SHA-256 of the key: the key itself is not kept.
        public var keyDigest: [UInt8]
        public var actions: [String: RedactionAction] = [:]

        public init(id: String, key: String, actions: [String: RedactionAction] = [:]) {
            self.init(id: id, keyDigest: Array(SHA256.hash(data: Array(key.utf8))), actions: actions)
        }

        public init(id: String, keyDigest: [UInt8], actions: [String: RedactionAction] = [:]) {
            self.id = id
            self.keyDigest = keyDigest
            self.actions = actions
        }
    }

    public init(dataDirectory: String) {
        log = LogConfiguration(dataDirectory: dataDirectory)
    }

    /// The policy for requests to `upstream` from `clientKey`: the client key's actions over
    /// the upstream's over the global ones.
    public func policy(upstream: Upstream, clientKey: ClientKey?) -> RedactionPolicy {
        var policy = self.policy
        policy.actions.merge(upstream.actions) { $1 }
        if let clientKey { policy.actions.merge(clientKey.actions) { $1 } }
        return policy
    }

    /// Sets `--listen HOST:PORT`.
    public mutating func setListen(_ text: String, place: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { throw ConfigurationError("\(place): \"\(text)\" is not HOST:PORT") }
        host = String(text[..<colon])
        self.port = port
    }

    /// Sets `--upstream NAME=URL`: the base URL of a built-in or configured upstream.
    public mutating func setUpstream(_ text: String) throws {
        guard let equals = text.firstIndex(of: "="), !text[..<equals].isEmpty else {
            throw ConfigurationError("--upstream \"\(text)\": expected NAME=URL, e.g. openai=http://127.0.0.1:9000/v1")
        }
        let name = String(text[..<equals]), url = String(text[text.index(after: equals)...])
        try Self.checkURL(url, place: "--upstream \(name)")
        guard let index = upstreams.firstIndex(where: { $0.name == name }) else {
            let names = upstreams.map(\.name).joined(separator: ", ")
            throw ConfigurationError("--upstream \(name): no such upstream (known: \(names); add others in tacet.toml)")
        }
        upstreams[index].baseURL = url
    }

    static func checkURL(_ url: String, place: String) throws {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw ConfigurationError("\(place): \"\(url)\" is not an http or https URL")
        }
    }
}

/// A configuration that cannot be used, saying where and why.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

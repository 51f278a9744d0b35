import Foundation
import TacetLog
import TacetProviders
import TacetRedact
import Testing
@testable import TacetProxy

@Suite struct ProxyConfigurationTests {
    func load(_ toml: String, environment: [String: String] = [:]) throws -> ProxyConfiguration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tacet.toml").path
        try toml.write(toFile: file, atomically: true, encoding: .utf8)
        return try ProxyConfiguration.load(file: file, dataDirectory: folder.path, environment: environment)
    }

    func error(_ toml: String) -> String {
        do {
            _ = try load(toml)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func withoutAFileTheProvidersPublicEndpointsAreUsed() throws {
        let configuration = try ProxyConfiguration.load(file: nil, dataDirectory: "/tmp/d", environment: [:])
        #expect(configuration.upstreams.map(\.baseURL) == [
            "https://api.openai.com/v1", "https://api.anthropic.com", "https://generativelanguage.googleapis.com",
        ])
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8787 && configuration.media == .refuse)
        #expect(configuration.clientKeys.isEmpty)
        #expect(configuration.log.store == .sqlite(path: "/tmp/d/disclosures.sqlite"))
    }

    @Test func aFileSetsTheProxyPolicyUpstreamsAndClientKeys() throws {
        let configuration = try load("""
            [proxy]
            listen = "0.0.0.0:9000"
            media = "pass"
            max_body_bytes = 1000

            [policy.actions]
            private-key = "block"

            [[upstreams]]
            name = "mistral"
            kind = "openai"
            base_url = "https://api.mistral.ai/v1"
            path_prefix = "/mistral"
            actions = { EMAIL_ADDRESS = "allow" }

            [[client_keys]]
            id = "team-a"
            key_env = "KEY_A"
            actions = { EMAIL_ADDRESS = "mask" }
            """, environment: ["KEY_A": "secret-a"])
        #expect(configuration.host == "0.0.0.0" && configuration.port == 9000)
        #expect(configuration.media == .pass && configuration.limits.maxBodyBytes == 1000)
        let mistral = try #require(configuration.upstreams.first { $0.name == "mistral" })
        #expect(mistral.pathPrefix == "/mistral" && mistral.kind == .openai)
        let key = try #require(configuration.clientKeys.first)
        #expect(key.keyDigest == ProxyConfiguration.ClientKey(id: "x", key: "secret-a").keyDigest)
        // The client key's actions win over the upstream's, which win over the global policy.
        let policy = configuration.policy(upstream: mistral, clientKey: key)
        #expect(policy.actions["EMAIL_ADDRESS"] == .mask && policy.actions["private-key"] == .block)
        #expect(configuration.policy(upstream: mistral, clientKey: nil).actions["EMAIL_ADDRESS"] == .allow)
    }

    @Test func flagsOverrideTheFile() throws {
        var configuration = try ProxyConfiguration.load(file: nil, dataDirectory: "/tmp/d", environment: [:])
        try configuration.setListen("127.0.0.1:0", place: "--listen")
        try configuration.setUpstream("anthropic=http://127.0.0.1:9000")
        #expect(configuration.port == 0)
        #expect(configuration.upstreams.first { $0.name == "anthropic" }?.baseURL == "http://127.0.0.1:9000")
        #expect(throws: ConfigurationError.self) { try configuration.setUpstream("nobody=http://127.0.0.1:1") }
        #expect(throws: ConfigurationError.self) { try configuration.setUpstream("openai=ftp://x") }
        #expect(throws: ConfigurationError.self) { try configuration.setListen("localhost", place: "--listen") }
    }

    @Test func mistakesAreNamedWithTheirPlace() {
        #expect(error("[proxy]\nlisen = \"x\"").contains("[proxy] \"lisen\" is not a known key"))
        #expect(error("[proxy]\nmedia = \"maybe\"").contains("media must be \"refuse\" or \"pass\""))
        #expect(error("[[upstreams]]\nname = \"x\"\nbase_url = \"https://x\"").contains("[[upstreams]] x needs a kind"))
        #expect(error("[[upstreams]]\nname = \"x\"\nkind = \"cohere\"").contains("kind \"cohere\" is not openai, anthropic or gemini"))
        #expect(error("[[client_keys]]\nid = \"a\"\nkey_env = \"UNSET_VARIABLE\"").contains("UNSET_VARIABLE is not set"))
        #expect(error("[policy.actions]\nSECRET = \"shred\"").contains("policy.actions.SECRET"))
        #expect(error("[upstream]\nname = 1").contains("\"upstream\" is not a known key"))
        #expect(error("[proxy\n").contains("tacet.toml:"))
    }
}

@Suite struct UpstreamRouterTests {
    let router = UpstreamRouter(upstreams: ProxyConfiguration.Upstream.builtIn + [
        ProxyConfiguration.Upstream(name: "groq", kind: .openai, baseURL: "https://api.groq.com/openai/v1/", pathPrefix: "/groq"),
    ])

    @Test func pathsGoToTheirProviderBelowItsSDKBaseURL() throws {
        let chat = try #require(router.route(method: "POST", path: "/v1/chat/completions", hasAnthropicVersion: false))
        #expect(chat.upstream.name == "openai" && chat.url == "https://api.openai.com/v1/chat/completions")
        let messages = try #require(router.route(method: "POST", path: "/v1/messages", hasAnthropicVersion: true))
        #expect(messages.upstream.name == "anthropic" && messages.url == "https://api.anthropic.com/v1/messages")
        let gemini = try #require(router.route(method: "POST", path: "/v1beta/models/g:generateContent", hasAnthropicVersion: false))
        #expect(gemini.url == "https://generativelanguage.googleapis.com/v1beta/models/g:generateContent")
        let groq = try #require(router.route(method: "POST", path: "/groq/v1/chat/completions", hasAnthropicVersion: false))
        #expect(groq.upstream.name == "groq" && groq.url == "https://api.groq.com/openai/v1/chat/completions" && groq.path == "/v1/chat/completions")
    }

    @Test func otherPathsAreToldApartAndUnknownOnesHaveNoRoute() throws {
        #expect(router.route(method: "GET", path: "/v1/models", hasAnthropicVersion: true)?.upstream.name == "anthropic")
        #expect(router.route(method: "GET", path: "/v1/models", hasAnthropicVersion: false)?.endpoint == .other)
        #expect(router.route(method: "GET", path: "/health", hasAnthropicVersion: false) == nil)
        #expect(router.route(method: "POST", path: "/groqx/v1/chat/completions", hasAnthropicVersion: false)?.upstream.name != "groq")
    }
}

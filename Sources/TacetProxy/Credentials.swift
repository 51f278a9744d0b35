import Crypto
import Foundation
import TacetProviders

/// Who is calling and with which provider credential.
///
/// Without client keys, the client's own provider credential (`Authorization`, `x-api-key`,
/// `x-goog-api-key` or Gemini's `key` parameter) goes upstream as it came, and the tenant is
/// a short SHA-256 of it. With client keys, the client presents a Tacet key in the same
/// places (so SDKs need only their API key changed), and the upstream's own key is injected
/// from the environment.
struct Credentials: Sendable {
    let clientKeys: [ProxyConfiguration.ClientKey]
    let environment: [String: String]

    static let credentialHeaders = ["authorization", "x-api-key", "x-goog-api-key"]

    struct Caller {
        var clientKeyID: String
        var clientKey: ProxyConfiguration.ClientKey?
        /// Credential headers to put on the upstream request in place of the client's.
        var injected: [(name: String, value: String)]?
        /// The query without the client's `key` parameter, when client keys replaced it.
        var query: String?
    }

    enum Failure: Error {
        case unauthorized(String)
        case noUpstreamKey(String)
    }

    /// - Parameter presented: the request's credential headers (lowercased names) and its query.
    func authenticate(headers: [String: String], query: String?, upstream: ProxyConfiguration.Upstream) throws(Failure) -> Caller {
        let queryKey = Self.queryKey(query)
        let presented = headers["authorization"].map(Self.bearer) ?? headers["x-api-key"] ?? headers["x-goog-api-key"] ?? queryKey
        guard !clientKeys.isEmpty else {
            let id = presented.map { "key-" + Self.shortDigest($0) } ?? "anonymous"
            return Caller(clientKeyID: id, clientKey: nil, injected: nil, query: query)
        }
        guard let presented, !presented.isEmpty else {
            throw Failure.unauthorized("a Tacet client key is required (send it as the provider API key)")
        }
        let digest = Array(SHA256.hash(data: Array(presented.utf8)))
        guard let clientKey = clientKeys.first(where: { Self.constantTimeEqual($0.keyDigest, digest) }) else {
            throw Failure.unauthorized("the Tacet client key is not known")
        }
        guard let variable = upstream.apiKeyEnvironment, let key = environment[variable], !key.isEmpty else {
            throw Failure.noUpstreamKey(
                "no provider key for upstream \(upstream.name): set \(upstream.apiKeyEnvironment ?? "its api_key_env")")
        }
        let injected: [(name: String, value: String)] = switch upstream.kind {
        case .openai: [("authorization", "Bearer " + key)]
        case .anthropic: [("x-api-key", key)]
        case .gemini: [("x-goog-api-key", key)]
        }
        return Caller(clientKeyID: clientKey.id, clientKey: clientKey, injected: injected, query: Self.removingKey(from: query))
    }

    static func bearer(_ value: String) -> String {
        value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces) : value
    }

    static func shortDigest(_ value: String) -> String {
        SHA256.hash(data: Array(value.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    static func queryKey(_ query: String?) -> String? {
        query?.split(separator: "&").first { $0.hasPrefix("key=") }.map { String($0.dropFirst(4)) }
    }

    static func removingKey(from query: String?) -> String? {
        query.map { $0.split(separator: "&").filter { !$0.hasPrefix("key=") }.joined(separator: "&") }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

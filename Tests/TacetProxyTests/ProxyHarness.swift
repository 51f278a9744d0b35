import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TacetCore
import TacetEchoUpstream
import TacetLog
import TacetProviders
@testable import TacetProxy

let sharedRules = try! RuleSet.defaultRules()

/// Values planted in requests: none may reach the upstream, and each must come back restored.
enum Planted {
    static let email = "ana.silva@example.org"
    static let token = "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"
    static let card = "4111 1111 1111 1111"
    static let aws = "AKIAQ3EGRJ7WXZ5TKN2B"
    static let all = [email, token, card, aws]
}

/// A proxy on 127.0.0.1 in front of an echo upstream, with its own data directory, and a client.
final class ProxyHarness: Sendable {
    let echo: EchoUpstream
    let proxy: ProxyServer
    let dataDirectory: URL
    let client: HTTPClient
    let configuration: ProxyConfiguration
    static let environment = ["TACET_LOG_KEY": String(repeating: "5a", count: 32), "OPENAI_API_KEY": "sk-upstream-openai"]

    /// - Parameter configure: changes to the configuration (upstreams already point at the echo).
    init(
        chunkSize: Int = 3, toml: String? = nil, configure: (inout ProxyConfiguration) throws -> Void = { _ in }
    ) async throws {
        echo = try await EchoUpstream.start(options: .init(chunkSize: chunkSize))
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        var file: String?
        if let toml {
            file = dataDirectory.appendingPathComponent("tacet.toml").path
            try toml.write(toFile: file!, atomically: true, encoding: .utf8)
        }
        var configuration = try ProxyConfiguration.load(file: file, dataDirectory: dataDirectory.path, environment: Self.environment)
        configuration.port = 0
        let base = "http://127.0.0.1:\(echo.port)"
        for index in configuration.upstreams.indices where configuration.upstreams[index].baseURL.hasPrefix("https://") {
            configuration.upstreams[index].baseURL = base + (configuration.upstreams[index].kind == .openai ? "/v1" : "")
        }
        try configure(&configuration)
        self.configuration = configuration
        proxy = try await ProxyServer.start(configuration, rules: sharedRules, environment: Self.environment)
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    var url: String { "http://127.0.0.1:\(proxy.port)" }

    func shutdown() async throws {
        try await client.shutdown()
        try await proxy.stop()
        await echo.stop()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] { try JSONSerialization.jsonObject(with: Data(body)) as! [String: Any] }
    }

    func send(
        _ path: String, method: HTTPMethod = .POST, json: String? = nil, body: [UInt8]? = nil, headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let bytes = body ?? json.map({ Array($0.utf8) }) { request.body = .bytes(ByteBuffer(bytes: bytes)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        var collected: [UInt8] = []
        for try await buffer in response.body { collected += buffer.readableBytesView }
        return Answer(status: Int(response.status.code), headers: response.headers, body: collected)
    }

    /// What the upstream received, as text.
    func receivedBodies() -> [String] { echo.received().map { String(decoding: $0.body, as: UTF8.self) } }

    func records() async throws -> [LoggedDisclosure] {
        let log = try await DisclosureLog.open(configuration.log)
        do {
            let records = try await log.query(LogFilter())
            await log.close()
            return records
        } catch {
            await log.close()
            throw error
        }
    }
}

/// The JSON objects of the `data:` lines of an SSE answer.
func sseEvents(_ text: String) -> [[String: Any]] {
    // "\r\n" is one Character in Swift, so split on any line break.
    text.split(whereSeparator: \.isNewline).compactMap { line in
        guard line.hasPrefix("data:") else { return nil }
        let payload = line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)
        return (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any]
    }
}

func jsonObject(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}

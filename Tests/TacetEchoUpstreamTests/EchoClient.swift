import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TacetEchoUpstream
import Testing

/// Real HTTP over 127.0.0.1 to an ``EchoUpstream`` started for one test.
struct EchoClient {
    let echo: EchoUpstream

    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The body parsed by Foundation's JSON parser: the echo's JSON must be valid to any parser.
        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], "not a JSON object: \(text)")
        }
    }

    static func with(_ options: EchoUpstreamOptions = .init(), _ body: (EchoClient) async throws -> Void) async throws {
        let echo = try await EchoUpstream.start(options: options)
        do {
            try await body(EchoClient(echo: echo))
        } catch {
            await echo.stop()
            throw error
        }
        await echo.stop()
    }

    func send(
        _ path: String, method: HTTPMethod = .POST, json: String? = nil, headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(echo.port)\(path)")
        request.method = method
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json { request.body = .bytes(ByteBuffer(string: json)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body))
    }
}

/// One server-sent event: its `event:` name (if any) and its `data:` text.
struct SSEEvent {
    var name: String?
    var data: String

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any], "not JSON: \(data)")
    }

    /// Splits a complete SSE body into events (blank-line separated, LF or CRLF line ends).
    static func parse(_ text: String) -> [SSEEvent] {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        return normalised.components(separatedBy: "\n\n").compactMap { block in
            var name: String?
            var data: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            return data.isEmpty ? nil : SSEEvent(name: name, data: data.joined(separator: "\n"))
        }
    }
}

/// Reads a nested value: `value(json, "choices", 0, "delta", "content")`.
func value(_ root: Any?, _ path: Any...) -> Any? {
    var current = root
    for step in path {
        switch step {
        case let key as String: current = (current as? [String: Any])?[key]
        case let index as Int:
            guard let array = current as? [Any], array.indices.contains(index) else { return nil }
            current = array[index]
        default: return nil
        }
    }
    return current
}

/// A prompt carrying a placeholder and multi-byte characters, so splitting is exercised.
let planted = "Write to <EMAIL_ADDRESS_1> about café ☕ now"
let echoed = "echo: " + planted

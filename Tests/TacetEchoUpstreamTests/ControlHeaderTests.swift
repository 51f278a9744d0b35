import AsyncHTTPClient
import Foundation
import NIOHTTP1
import NIOCore
import TacetEchoUpstream
import Testing

@Suite struct ControlHeaderTests {
    struct ErrorCase: CustomStringConvertible, Sendable {
        var path: String
        var status: Int
        /// Where the provider's error body names the error kind, and the kind expected there.
        var kindPath: [String]
        var kind: String
        var extraHeader: String?
        var description: String { "\(status) \(path)" }
    }

    static let errorCases = [
        ErrorCase(path: "/v1/chat/completions", status: 429, kindPath: ["error", "code"], kind: "rate_limit_exceeded", extraHeader: "x-ratelimit-remaining-requests"),
        ErrorCase(path: "/v1/responses", status: 500, kindPath: ["error", "type"], kind: "server_error"),
        ErrorCase(path: "/v1/messages", status: 429, kindPath: ["error", "type"], kind: "rate_limit_error"),
        ErrorCase(path: "/v1/messages", status: 529, kindPath: ["error", "type"], kind: "overloaded_error"),
        ErrorCase(path: "/v1beta/models/g:generateContent", status: 429, kindPath: ["error", "status"], kind: "RESOURCE_EXHAUSTED"),
        ErrorCase(path: "/v1beta/models/g:streamGenerateContent?alt=sse", status: 503, kindPath: ["error", "status"], kind: "UNAVAILABLE"),
    ]

    @Test(arguments: errorCases)
    func statusHeaderAnswersTheProviderErrorShape(_ errorCase: ErrorCase) async throws {
        try await EchoClient.with { client in
            let answer = try await client.send(errorCase.path, json: "{}", headers: [("x-echo-status", String(errorCase.status))])
            #expect(answer.status == errorCase.status)
            let json = try answer.json()
            #expect(value(json, errorCase.kindPath[0], errorCase.kindPath[1]) as? String == errorCase.kind)
            if errorCase.status == 429 { #expect(answer.headers["retry-after"].first == "7") }
            if let extra = errorCase.extraHeader { #expect(answer.headers[extra].first == "0") }
        }
    }

    @Test func malformedBodyIsA400InTheProviderShape() async throws {
        try await EchoClient.with { client in
            let answer = try await client.send("/v1/messages", json: #"{"messages": ["#)
            #expect(answer.status == 400)
            #expect(value(try answer.json(), "error", "type") as? String == "invalid_request_error")
        }
    }

    @Test func unknownPathIs404JSON() async throws {
        try await EchoClient.with { client in
            let answer = try await client.send("/v1/nothing-here", json: "{}")
            #expect(answer.status == 404)
            #expect(value(try answer.json(), "error", "message") as? String != nil)
        }
    }

    @Test func chunkHeaderOverridesTheChunkSize() async throws {
        try await EchoClient.with(.init(chunkSize: 1)) { client in
            let body = #"{"model":"m","stream":true,"messages":[{"role":"user","content":"abcdefghij"}]}"#
            let chunks = try SSEEvent.parse(try await client.send("/v1/chat/completions", json: body, headers: [("x-echo-chunk", "8")]).text)
                .dropLast().map { try $0.json() }
            let pieces = chunks.compactMap { value($0, "choices", 0, "delta", "content") as? String }.filter { !$0.isEmpty }
            #expect(pieces == ["echo: ab", "cdefghij"])
        }
    }

    @Test func delayHeaderWaitsBeforeAnswering() async throws {
        try await EchoClient.with { client in
            let start = ContinuousClock.now
            _ = try await client.send("/v1/messages", json: #"{"messages":[]}"#, headers: [("x-echo-delay-ms", "300")])
            #expect(ContinuousClock.now - start >= .milliseconds(300))
        }
    }

    @Test func stallHeaderPausesAfterTheFirstTextEvent() async throws {
        try await EchoClient.with { client in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(client.echo.port)/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "x-echo-stall-ms", value: "400")
            request.body = .bytes(ByteBuffer(string: #"{"model":"m","stream":true,"messages":[{"role":"user","content":"hello there"}]}"#))
            let start = ContinuousClock.now
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            var received = ""
            var firstTextAt: Duration?
            for try await buffer in response.body {
                received += String(buffer: buffer)
                if firstTextAt == nil, received.contains(#""content":"ech""#) { firstTextAt = ContinuousClock.now - start }
            }
            let total = ContinuousClock.now - start
            let first = try #require(firstTextAt)
            // Ordering, not speed: the first text came at least the stall before the end.
            #expect(total - first >= .milliseconds(350), "the first text arrives before the stall, the rest after it")
            #expect(received.hasSuffix("data: [DONE]\n\n"))
        }
    }

    @Test(arguments: ["/v1/chat/completions", "/v1/messages", "/v1beta/models/g:streamGenerateContent?alt=sse"])
    func resetHeaderDropsTheConnectionMidStream(path: String) async throws {
        try await EchoClient.with { client in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(client.echo.port)\(path)")
            request.method = .POST
            request.headers.add(name: "x-echo-reset", value: "1")
            request.body = .bytes(ByteBuffer(string: #"{"model":"m","stream":true,"messages":[{"role":"user","content":"hello there"}],"contents":[{"parts":[{"text":"hello there"}]}]}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            var received = ""
            await #expect(throws: (any Error).self) {
                for try await buffer in response.body { received += String(buffer: buffer) }
            }
            #expect(received.contains("ech"), "the first events arrive before the reset")
        }
    }

    @Test func receivedRecordsEveryRequestInOrder() async throws {
        try await EchoClient.with { client in
            _ = try await client.send("/v1/chat/completions?api-version=1", json: #"{"messages":[]}"#, headers: [("Authorization", "Bearer k")])
            _ = try await client.send("/v1/models", method: .GET)
            _ = try await client.send("/_echo/received", method: .GET)
            let seen = client.echo.received()
            #expect(seen.map(\.method) == ["POST", "GET"])
            #expect(seen.first?.path == "/v1/chat/completions?api-version=1")
            #expect(seen.first?.header("authorization") == "Bearer k")
            #expect(seen.first?.bodyText == #"{"messages":[]}"#)

            let listed = try #require(try JSONSerialization.jsonObject(with: Data(try await client.send("/_echo/received", method: .GET).body)) as? [[String: String]])
            #expect(listed.map { $0["path"] } == ["/v1/chat/completions?api-version=1", "/v1/models"])
            #expect(listed.first?["body"] == #"{"messages":[]}"#)

            _ = try await client.send("/_echo/clear")
            #expect(client.echo.received().isEmpty)
            _ = try await client.send("/v1/models", method: .GET)
            client.echo.clearReceived()
            #expect(client.echo.received().isEmpty)
        }
    }

    @Test func recordLimitKeepsTheMostRecent() async throws {
        try await EchoClient.with(.init(recordLimit: 2)) { client in
            for index in 0..<4 { _ = try await client.send("/v1/models?n=\(index)", method: .GET) }
            #expect(client.echo.received().map(\.path) == ["/v1/models?n=2", "/v1/models?n=3"])
        }
    }
}

import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import NIOHTTP1
import TacetEchoUpstream
import TacetLog
import Testing
@testable import TacetProxy

/// A chat request carrying every planted value in a different place: system prompt, an
/// earlier turn, a tool call's arguments, a tool result and the last user turn.
func chatRequest(stream: Bool, tools: Bool = false) -> String {
    """
    {"model": "gpt-4o", "stream": \(stream), \(tools ? #""tools": [{"type": "function", "function": {"name": "send", "parameters": {"type": "object"}}}],"# : "")
     "messages": [
      {"role": "system", "content": "You help \(Planted.email)."},
      {"role": "user", "content": "Earlier: \(Planted.aws)"},
      {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
        "function": {"name": "send", "arguments": "{\\"card\\": \\"\(Planted.card)\\"}"}}]},
      {"role": "tool", "tool_call_id": "call_1", "content": "sent to \(Planted.email)"},
      {"role": "user", "content": [{"type": "text", "text": "Mail \(Planted.email) the token \(Planted.token)"}]}
    ]}
    """
}

let lastTurn = "Mail \(Planted.email) the token \(Planted.token)"

func expectNothingPlantedUpstream(_ harness: ProxyHarness, sourceLocation: SourceLocation = #_sourceLocation) {
    let received = harness.receivedBodies()
    #expect(!received.isEmpty, sourceLocation: sourceLocation)
    for body in received {
        for value in Planted.all { #expect(!body.contains(value), "the upstream received a planted value", sourceLocation: sourceLocation) }
    }
}

@Suite(.serialized) struct ProxyEndToEndTests {
    @Test func openAIChatIsRedactedUpstreamAndRestoredForTheClient() async throws {
        let harness = try await ProxyHarness()
        let answer = try await harness.send("/v1/chat/completions", json: chatRequest(stream: false), headers: [("authorization", "Bearer sk-client")])
        #expect(answer.status == 200)
        let message = ((try answer.json()["choices"] as! [[String: Any]])[0]["message"] as! [String: Any])
        #expect((message["content"] as! String).contains(lastTurn))
        expectNothingPlantedUpstream(harness)
        // The client's own credential went upstream; the record came first and names every place.
        let upstream = try #require(harness.echo.received().first)
        #expect(upstream.headers.contains { $0.name.lowercased() == "authorization" && $0.value == "Bearer sk-client" })
        let record = try #require(try await harness.records().first?.record)
        #expect(record.decision == .redacted && record.provider == "openai" && record.model == "gpt-4o")
        #expect(Set(record.detections.map(\.jsonPath)) == [
            "$.messages[0].content", "$.messages[1].content", "$.messages[2].tool_calls[0].function.arguments.card",
            "$.messages[3].content", "$.messages[4].content[0].text",
        ])
        try await harness.shutdown()
    }

    @Test func openAIChatStreamRestoresPlaceholdersSplitAcrossEvents() async throws {
        let harness = try await ProxyHarness(chunkSize: 3)
        let answer = try await harness.send("/v1/chat/completions", json: chatRequest(stream: true))
        #expect(answer.status == 200)
        #expect(answer.headers.first(name: "content-type")?.contains("text/event-stream") == true)
        let content = sseEvents(answer.text).flatMap { ($0["choices"] as? [[String: Any]]) ?? [] }
            .compactMap { ($0["delta"] as? [String: Any])?["content"] as? String }.joined()
        #expect(content.contains(lastTurn))
        #expect(answer.text.hasSuffix("data: [DONE]\n\n"))
        expectNothingPlantedUpstream(harness)
        try await harness.shutdown()
    }

    @Test func openAIToolCallArgumentsAreRestoredAsJSON() async throws {
        let harness = try await ProxyHarness(chunkSize: 4)
        let answer = try await harness.send("/v1/chat/completions", json: chatRequest(stream: true, tools: true))
        let arguments = sseEvents(answer.text).flatMap { ($0["choices"] as? [[String: Any]]) ?? [] }
            .flatMap { (($0["delta"] as? [String: Any])?["tool_calls"] as? [[String: Any]]) ?? [] }
            .compactMap { ($0["function"] as? [String: Any])?["arguments"] as? String }.joined()
        let parsed = try #require(jsonObject(arguments))
        #expect((parsed["echo"] as? String)?.contains(lastTurn) == true)
        expectNothingPlantedUpstream(harness)
        try await harness.shutdown()
    }

    @Test func responsesStreamRestoresDeltasAndTheCompletedResponse() async throws {
        let harness = try await ProxyHarness(chunkSize: 5)
        let request = """
            {"model": "gpt-5", "stream": true, "instructions": "Answer \(Planted.email)",
             "input": [{"role": "user", "content": [{"type": "input_text", "text": "\(lastTurn)"}]}]}
            """
        let answer = try await harness.send("/v1/responses", json: request)
        let events = sseEvents(answer.text)
        let deltas = events.filter { $0["type"] as? String == "response.output_text.delta" }.compactMap { $0["delta"] as? String }.joined()
        #expect(deltas.contains(lastTurn))
        let completed = try #require(events.first { $0["type"] as? String == "response.completed" })
        #expect(String(describing: completed).contains(Planted.token))
        expectNothingPlantedUpstream(harness)
        try await harness.shutdown()
    }

    @Test func anthropicMessagesStreamWithToolUseIsRestored() async throws {
        let harness = try await ProxyHarness(chunkSize: 2)
        let request = """
            {"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": true, "system": "Owner: \(Planted.email)",
             "tools": [{"name": "send", "input_schema": {"type": "object"}}],
             "messages": [{"role": "user", "content": [{"type": "text", "text": "\(lastTurn)"}]}]}
            """
        let answer = try await harness.send("/v1/messages", json: request, headers: [("x-api-key", "sk-ant-client"), ("anthropic-version", "2023-06-01")])
        #expect(answer.status == 200)
        let json = sseEvents(answer.text).compactMap { ($0["delta"] as? [String: Any])?["partial_json"] as? String }.joined()
        let input = try #require(jsonObject(json))
        #expect((input["echo"] as? String)?.contains(lastTurn) == true)
        #expect(answer.text.contains("event: message_stop"))
        expectNothingPlantedUpstream(harness)
        try await harness.shutdown()
    }

    @Test func anthropicWholeMessageIsRestored() async throws {
        let harness = try await ProxyHarness()
        let request = #"{"model": "claude", "max_tokens": 10, "messages": [{"role": "user", "content": "\#(lastTurn)"}]}"#
        let answer = try await harness.send("/v1/messages", json: request, headers: [("anthropic-version", "2023-06-01")])
        let content = try answer.json()["content"] as! [[String: Any]]
        #expect((content[0]["text"] as? String)?.contains(lastTurn) == true)
        expectNothingPlantedUpstream(harness)
        try await harness.shutdown()
    }

    @Test func geminiStreamAndWholeAnswersAreRestored() async throws {
        let harness = try await ProxyHarness(chunkSize: 3)
        let request = """
            {"systemInstruction": {"parts": [{"text": "for \(Planted.email)"}]},
             "contents": [{"role": "user", "parts": [{"text": "\(lastTurn)"}]}]}
            """
        let stream = try await harness.send(
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", json: request, headers: [("x-goog-api-key", "g-key")])
        #expect(stream.status == 200)
        let text = sseEvents(stream.text).flatMap { ($0["candidates"] as? [[String: Any]]) ?? [] }
            .flatMap { (($0["content"] as? [String: Any])?["parts"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["text"] as? String }.joined()
        #expect(text.contains(lastTurn))
        let whole = try await harness.send("/v1/models/gemini-2.5-flash:generateContent", json: request)
        #expect(whole.status == 200 && whole.text.contains(Planted.token) && whole.text.contains(Planted.email))
        expectNothingPlantedUpstream(harness)
        #expect(harness.echo.received().first?.path.hasSuffix("?alt=sse") == true)
        try await harness.shutdown()
    }

    @Test func blockedRequestsAnswerInTheProviderShapeAndNothingIsSent() async throws {
        let harness = try await ProxyHarness(toml: """
            [policy.actions]
            SECRET = "block"
            """)
        let openAI = try await harness.send("/v1/chat/completions", json: chatRequest(stream: false))
        #expect(openAI.status == 400)
        let error = try openAI.json()["error"] as! [String: Any]
        #expect(error["code"] as? String == "tacet_blocked")
        #expect((error["message"] as! String).contains("$.messages[4].content[0].text"))
        let anthropic = try await harness.send(
            "/v1/messages", json: #"{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"key \#(Planted.aws)"}]}"#)
        #expect(anthropic.status == 400)
        #expect(try anthropic.json()["type"] as? String == "error")
        for answer in [openAI, anthropic] {
            for value in Planted.all { #expect(!answer.text.contains(value)) }
        }
        #expect(harness.echo.received().isEmpty)
        let records = try await harness.records()
        #expect(records.count == 2 && records.allSatisfy { $0.record.decision == .blocked })
        try await harness.shutdown()
    }

    @Test func upstreamErrorsReachTheClientUnchanged() async throws {
        let harness = try await ProxyHarness()
        let limited = try await harness.send("/v1/chat/completions", json: chatRequest(stream: false), headers: [("x-echo-status", "429")])
        #expect(limited.status == 429)
        #expect(limited.headers.first(name: "retry-after") == "7")
        #expect(limited.headers.first(name: "x-ratelimit-remaining-requests") == "0")
        #expect(try limited.json()["error"] != nil)
        let failed = try await harness.send(
            "/v1/messages", json: #"{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#,
            headers: [("x-echo-status", "500")])
        #expect(failed.status == 500)
        #expect(try failed.json()["type"] as? String == "error")
        let records = try await harness.records()
        #expect(Set(records.compactMap(\.record.upstreamStatus)) == [429, 500])
        try await harness.shutdown()
    }

    @Test func anUnreachableOrSlowUpstreamIsAProviderShapedGatewayError() async throws {
        let harness = try await ProxyHarness { configuration in
            configuration.limits.upstreamReadTimeout = .milliseconds(300)
            configuration.limits.upstreamConnectTimeout = .milliseconds(500)
            configuration.upstreams[1].baseURL = "http://127.0.0.1:1"
        }
        let slow = try await harness.send("/v1/chat/completions", json: chatRequest(stream: false), headers: [("x-echo-delay-ms", "2000")])
        #expect(slow.status == 504)
        #expect((try slow.json()["error"] as? [String: Any])?["code"] as? String == "tacet_upstream_timeout")
        let unreachable = try await harness.send("/v1/messages", json: #"{"model":"c","max_tokens":5,"messages":[]}"#)
        #expect(unreachable.status == 502)
        #expect(((try unreachable.json()["error"] as? [String: Any])?["type"] as? String) == "api_error")
        try await harness.shutdown()
    }

    @Test func aResetUpstreamEndsTheClientStreamAndTheProxyGoesOn() async throws {
        let harness = try await ProxyHarness()
        await #expect(throws: (any Error).self) {
            let answer = try await harness.send("/v1/chat/completions", json: chatRequest(stream: true), headers: [("x-echo-reset", "1")])
            // A truncated stream without an error still may not end as a whole stream does.
            if !answer.text.hasSuffix("data: [DONE]\n\n") { throw CancellationError() }
        }
        let healthy = try await harness.send("/healthz", method: .GET)
        #expect(healthy.status == 200)
        try await harness.shutdown()
    }

    @Test func aClientThatLeavesMidStreamCancelsTheUpstream() async throws {
        let harness = try await ProxyHarness()
        let body = chatRequest(stream: true)
        // A plain socket: send the request, read the first bytes of the answer, close.
        let request = "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nx-echo-stall-ms: 5000\r\n"
            + "content-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n\r\n" + body
        let firstBytes = try readFirstBytesThenClose(port: harness.proxy.port, request: request)
        #expect(firstBytes.hasPrefix("HTTP/1.1 200"))
        // Once the client is gone the stream is closed, well before the upstream's stall ends.
        let left = ContinuousClock.now
        var active = ""
        for _ in 0..<40 {
            try await Task.sleep(for: .milliseconds(100))
            active = try await harness.send("/metrics", method: .GET).text.components(separatedBy: "\n").first { $0.hasPrefix("tacet_active_streams ") } ?? ""
            if active == "tacet_active_streams 0" { break }
        }
        #expect(active == "tacet_active_streams 0")
        #expect(ContinuousClock.now - left < .seconds(3))
        try await harness.shutdown()
    }

    @Test func gracefulShutdownLetsAnOpenStreamFinish() async throws {
        let harness = try await ProxyHarness()
        let streaming = Task {
            try await harness.send("/v1/chat/completions", json: chatRequest(stream: true), headers: [("x-echo-stall-ms", "800")])
        }
        // Stop while the answer is stalled mid-stream: it must still arrive whole.
        while harness.echo.received().isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(100))
        try await harness.proxy.stop()
        let answer = try await streaming.value
        #expect(answer.status == 200 && answer.text.hasSuffix("data: [DONE]\n\n"))
        try await harness.client.shutdown()
        await harness.echo.stop()
    }

    @Test func metricsCountRequestsAndDetectionsButNoValues() async throws {
        let harness = try await ProxyHarness()
        _ = try await harness.send("/v1/chat/completions", json: chatRequest(stream: false))
        _ = try await harness.send("/v1/chat/completions", json: #"{"model": "m", "messages": [}"#)
        let metrics = try await harness.send("/metrics", method: .GET).text
        #expect(metrics.contains(#"tacet_requests_total{upstream="openai",decision="redacted"} 1"#))
        #expect(metrics.contains(#"tacet_requests_total{upstream="openai",decision="failed"} 1"#))
        #expect(metrics.contains(#"tacet_detections_total{entity="EMAIL_ADDRESS",action="redact"} 3"#))
        #expect(metrics.contains("tacet_added_latency_seconds_count 1"))
        #expect(metrics.contains("tacet_scan_seconds_count 2"))
        for value in Planted.all { #expect(!metrics.contains(value)) }
        try await harness.shutdown()
    }

    @Test func retentionIsAppliedWhenTheProxyStarts() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let old = try await DisclosureLog.open(LogConfiguration(dataDirectory: dataDirectory.path))
        try await old.append(DisclosureRecord(
            time: Date().addingTimeInterval(-10 * 86_400), clientKeyID: "k", subject: nil, upstream: "openai", provider: "openai",
            model: nil, endpoint: "/v1/chat/completions", decision: .forwarded, detections: [], requestBytes: 1))
        await old.close()
        let harness = try await ProxyHarness(toml: "[log]\nstore = \"sqlite:\(dataDirectory.path)/disclosures.sqlite\"\nretention_days = 1")
        var remaining = try await harness.records()
        for _ in 0..<50 where !remaining.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            remaining = try await harness.records()
        }
        #expect(remaining.isEmpty)
        try await harness.shutdown()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    @Test func badRequestsAreRefusedBeforeAnythingIsSent() async throws {
        let harness = try await ProxyHarness { $0.limits.maxBodyBytes = 1000 }
        let big = try await harness.send("/v1/chat/completions", json: chatRequest(stream: false) + String(repeating: " ", count: 2000))
        #expect(big.status == 413)
        let malformed = try await harness.send("/v1/chat/completions", json: #"{"model": "m", "messages": [}"#)
        #expect(malformed.status == 400)
        #expect((try malformed.json()["error"] as? [String: Any])?["code"] as? String == "tacet_invalid_request")
        let image = try await harness.send(
            "/v1/chat/completions", json: #"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:,"}}]}]}"#)
        #expect(image.status == 400 && image.text.contains("tacet_media_refused"))
        let unknown = try await harness.send("/v2/anything", json: "{}")
        #expect(unknown.status == 404)
        let otherPath = try await harness.send("/v1/models", method: .GET)
        #expect(otherPath.status == 404 && otherPath.text.contains("allow_other_paths"))
        #expect(harness.echo.received().isEmpty)
        try await harness.shutdown()
    }

    @Test func clientKeysNameTheTenantAndTheUpstreamKeyIsInjected() async throws {
        let harness = try await ProxyHarness(toml: """
            [[client_keys]]
            id = "team-a"
            key_sha256 = "\(sha256Hex("tk-team-a"))"
            actions = { EMAIL_ADDRESS = "allow" }
            """)
        let refused = try await harness.send("/v1/chat/completions", json: chatRequest(stream: false), headers: [("authorization", "Bearer sk-wrong")])
        #expect(refused.status == 401)
        let answer = try await harness.send(
            "/v1/chat/completions", json: chatRequest(stream: false),
            headers: [("authorization", "Bearer tk-team-a"), ("x-tacet-subject", "user-42")])
        #expect(answer.status == 200)
        let upstream = try #require(harness.echo.received().first)
        #expect(upstream.headers.filter { $0.name.lowercased() == "authorization" }.map(\.value) == ["Bearer sk-upstream-openai"])
        #expect(!upstream.headers.contains { $0.name.lowercased() == "x-tacet-subject" })
        // The client key's policy lets emails through.
        #expect(String(decoding: upstream.body, as: UTF8.self).contains(Planted.email))
        let record = try #require(try await harness.records().first?.record)
        #expect(record.clientKeyID == "team-a" && record.subject == "user-42")
        try await harness.shutdown()
    }

    @Test func namedUpstreamsServeTheirPrefixAndAllowedOtherPaths() async throws {
        let harness = try await ProxyHarness(toml: """
            [[upstreams]]
            name = "mistral"
            kind = "openai"
            base_url = "http://127.0.0.1:9/v1"
            path_prefix = "/mistral"
            allow_other_paths = true
            """) { configuration in
            let index = configuration.upstreams.firstIndex { $0.name == "mistral" }!
            configuration.upstreams[index].baseURL = configuration.upstreams[0].baseURL
        }
        let answer = try await harness.send("/mistral/v1/chat/completions", json: chatRequest(stream: false))
        #expect(answer.status == 200 && answer.text.contains(Planted.token))
        let models = try await harness.send("/mistral/v1/models", method: .GET)
        #expect(models.status == 200)
        #expect(harness.echo.received().map(\.path) == ["/v1/chat/completions", "/v1/models"])
        let records = try await harness.records()
        #expect(records.map(\.record.upstream) == ["mistral", "mistral"])
        try await harness.shutdown()
    }

    @Test func theLogHoldsNoPlantedValueAndVerifies() async throws {
        let harness = try await ProxyHarness()
        _ = try await harness.send("/v1/chat/completions", json: chatRequest(stream: true))
        _ = try await harness.send("/v1/chat/completions", json: chatRequest(stream: false))
        try await harness.proxy.stop()
        let log = try await DisclosureLog.open(harness.configuration.log)
        let report = try await log.verify()
        await log.close()
        #expect(report.problem == nil)
        for file in try FileManager.default.contentsOfDirectory(atPath: harness.dataDirectory.path) {
            let bytes = try Data(contentsOf: harness.dataDirectory.appendingPathComponent(file))
            for value in Planted.all { #expect(bytes.range(of: Data(value.utf8)) == nil, "\(file) holds a planted value") }
        }
        try await harness.client.shutdown()
        await harness.echo.stop()
    }
}

func sha256Hex(_ text: String) -> String {
    ProxyConfiguration.ClientKey(id: "", key: text).keyDigest.map { String(format: "%02x", $0) }.joined()
}

/// Connects to 127.0.0.1:`port`, sends `request`, reads what first arrives, and closes.
func readFirstBytesThenClose(port: Int, request: String) throws -> String {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw POSIXError(.EBADF) }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    let bytes = Array(request.utf8)
    guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EIO) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = recv(socket, &buffer, buffer.count, 0)
    return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
}

import Foundation
import NIOHTTP1
import Testing

@Suite struct AnthropicShapeTests {
    let body = #"{"model":"claude-sonnet-4-5","max_tokens":100,"system":"be brief","messages":[{"role":"user","content":"earlier"},{"role":"assistant","content":"ok"},{"role":"user","content":[{"type":"text","text":"Write to <EMAIL_ADDRESS_1> about café ☕ now"}]}]}"#

    @Test func messageEchoesTheLastUserTurn() async throws {
        try await EchoClient.with { client in
            let json = try await client.send("/v1/messages", json: body).json()
            #expect(json["type"] as? String == "message")
            #expect(value(json, "content", 0, "type") as? String == "text")
            #expect(value(json, "content", 0, "text") as? String == echoed)
            #expect(json["stop_reason"] as? String == "end_turn")
        }
    }

    @Test func streamFollowsTheEventSequence() async throws {
        try await EchoClient.with { client in
            let events = SSEEvent.parse(try await client.send("/v1/messages", json: String(body.dropLast()) + #","stream":true}"#).text)
            var names: [String] = []
            for event in events where names.last != event.name { names.append(event.name ?? "") }
            #expect(names == ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_stop", "message_delta", "message_stop"])
            let payloads = try events.map { try $0.json() }
            #expect(zip(events, payloads).allSatisfy { $0.name == $1["type"] as? String })
            let pieces = payloads.compactMap { value($0, "delta", "text") as? String }
            #expect(pieces.joined() == echoed)
            #expect(!pieces.contains { $0.contains("<EMAIL_ADDRESS_1>") })
            #expect(value(payloads.first { $0["type"] as? String == "message_delta" }, "delta", "stop_reason") as? String == "end_turn")
        }
    }

    @Test func toolsAreAnsweredWithAStreamedToolUse() async throws {
        try await EchoClient.with { client in
            let withTools = String(body.dropLast()) + #","tools":[{"name":"send_mail","input_schema":{"type":"object"}}]"#
            let whole = try await client.send("/v1/messages", json: withTools + "}").json()
            #expect(value(whole, "content", 0, "type") as? String == "tool_use")
            #expect(value(whole, "content", 0, "input", "echo") as? String == planted)
            #expect(whole["stop_reason"] as? String == "tool_use")

            let payloads = try SSEEvent.parse(try await client.send("/v1/messages", json: withTools + #","stream":true}"#).text).map { try $0.json() }
            #expect(value(payloads.first { $0["type"] as? String == "content_block_start" }, "content_block", "name") as? String == "send_mail")
            let fragments = payloads.compactMap { value($0, "delta", "partial_json") as? String }
            #expect(fragments.count > 3)
            #expect(try JSONSerialization.jsonObject(with: Data(fragments.joined().utf8)) as? [String: String] == ["echo": planted])
        }
    }

    @Test func aToolResultTurnIsAnsweredWithText() async throws {
        try await EchoClient.with { client in
            let turn = #"{"model":"m","max_tokens":10,"tools":[{"name":"f","input_schema":{}}],"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"result <X_1>"}]}]}"#
            let json = try await client.send("/v1/messages", json: turn).json()
            #expect(value(json, "content", 0, "text") as? String == "echo: result <X_1>")
        }
    }

    @Test func countTokensAnswersInputTokens() async throws {
        try await EchoClient.with { client in
            let json = try await client.send("/v1/messages/count_tokens", json: body).json()
            #expect((json["input_tokens"] as? Int ?? 0) > 0)
        }
    }
}

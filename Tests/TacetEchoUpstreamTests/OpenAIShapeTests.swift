import Foundation
import NIOHTTP1
import Testing

@Suite struct OpenAIShapeTests {
    let chatBody = #"{"model":"gpt-4o","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"first"},{"role":"assistant","content":"ok"},{"role":"user","content":[{"type":"text","text":"Write to <EMAIL_ADDRESS_1> "},{"type":"text","text":"about café ☕ now"}]}]}"#

    @Test func chatCompletionEchoesTheLastUserTurn() async throws {
        try await EchoClient.with { client in
            let answer = try await client.send("/v1/chat/completions", json: chatBody)
            #expect(answer.status == 200)
            let json = try answer.json()
            #expect(json["object"] as? String == "chat.completion")
            #expect(value(json, "choices", 0, "message", "content") as? String == echoed)
            #expect(value(json, "choices", 0, "finish_reason") as? String == "stop")
            #expect(value(json, "usage", "total_tokens") as? Int != nil)
        }
    }

    @Test func chatStreamSplitsTheTextAcrossChunks() async throws {
        try await EchoClient.with { client in
            let body = chatBody.replacingOccurrences(of: #""model":"gpt-4o""#, with: #""model":"gpt-4o","stream":true,"stream_options":{"include_usage":true}"#)
            let answer = try await client.send("/v1/chat/completions", json: body)
            #expect(answer.headers["content-type"].first == "text/event-stream")
            let events = SSEEvent.parse(answer.text)
            #expect(events.last?.data == "[DONE]")
            let chunks = try events.dropLast().map { try $0.json() }
            #expect(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
            #expect(value(chunks.first, "choices", 0, "delta", "role") as? String == "assistant")
            let pieces = chunks.compactMap { value($0, "choices", 0, "delta", "content") as? String }.filter { !$0.isEmpty }
            #expect(pieces.joined() == echoed)
            #expect(pieces.allSatisfy { $0.utf8.count <= 3 || $0.count == 1 })
            #expect(!pieces.contains { $0.contains("<EMAIL_ADDRESS_1>") }, "the placeholder must be split across events")
            let finishing = chunks.filter { value($0, "choices", 0, "finish_reason") as? String != nil }
            #expect(finishing.count == 1)
            #expect(value(finishing.first, "choices", 0, "finish_reason") as? String == "stop")
            #expect((value(chunks.last, "choices") as? [Any])?.isEmpty == true, "the usage chunk has no choices")
            #expect(value(chunks.last, "usage", "completion_tokens") as? Int != nil)
        }
    }

    @Test func chatWithToolsAnswersWithAToolCall() async throws {
        try await EchoClient.with { client in
            let tools = #","tools":[{"type":"function","function":{"name":"send_mail","parameters":{"type":"object"}}}]"#
            let whole = try await client.send("/v1/chat/completions", json: String(chatBody.dropLast()) + tools + "}").json()
            let call = value(whole, "choices", 0, "message", "tool_calls", 0)
            #expect(value(call, "function", "name") as? String == "send_mail")
            let arguments = try #require(value(call, "function", "arguments") as? String)
            #expect(try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as? [String: String] == ["echo": planted])
            #expect(value(whole, "choices", 0, "finish_reason") as? String == "tool_calls")

            let streamed = String(chatBody.dropLast()) + tools + #","stream":true}"#
            let chunks = try SSEEvent.parse(try await client.send("/v1/chat/completions", json: streamed).text)
                .dropLast().map { try $0.json() }
            #expect(value(chunks.first, "choices", 0, "delta", "tool_calls", 0, "id") as? String != nil)
            let fragments = chunks.compactMap { value($0, "choices", 0, "delta", "tool_calls", 0, "function", "arguments") as? String }
            #expect(fragments.count > 3)
            #expect(try JSONSerialization.jsonObject(with: Data(fragments.joined().utf8)) as? [String: String] == ["echo": planted])
            #expect(value(chunks.last, "choices", 0, "finish_reason") as? String == "tool_calls")
        }
    }

    @Test func chatEndingWithAToolResultAnswersWithText() async throws {
        try await EchoClient.with { client in
            let body = #"{"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"look up <PERSON_1>"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"found"}]}"#
            let json = try await client.send("/v1/chat/completions", json: body).json()
            #expect(value(json, "choices", 0, "message", "content") as? String == "echo: look up <PERSON_1>")
        }
    }

    static let responseEvents = [
        "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
        "response.output_text.delta", "response.output_text.done", "response.content_part.done",
        "response.output_item.done", "response.completed",
    ]

    @Test func responsesStreamFollowsTheEventSequence() async throws {
        try await EchoClient.with { client in
            let body = #"{"model":"gpt-4.1","stream":true,"instructions":"x","input":[{"role":"user","content":[{"type":"input_text","text":"Write to <EMAIL_ADDRESS_1> about café ☕ now"}]}]}"#
            let events = SSEEvent.parse(try await client.send("/v1/responses", json: body).text)
            var names: [String] = []
            for event in events where names.last != event.name { names.append(event.name ?? "") }
            #expect(names == Self.responseEvents)
            let payloads = try events.map { try $0.json() }
            #expect(payloads.map { $0["sequence_number"] as? Int } == Array(0..<events.count))
            #expect(zip(events, payloads).allSatisfy { $0.name == $1["type"] as? String })
            let deltas = payloads.filter { $0["type"] as? String == "response.output_text.delta" }.compactMap { $0["delta"] as? String }
            #expect(deltas.joined() == echoed)
            #expect(payloads.first { $0["type"] as? String == "response.output_text.done" }?["text"] as? String == echoed)
            let completed = payloads.last
            #expect(value(completed, "response", "status") as? String == "completed")
            #expect(value(completed, "response", "output", 0, "content", 0, "text") as? String == echoed)
        }
    }

    @Test func responsesWithToolsStreamsAFunctionCall() async throws {
        try await EchoClient.with { client in
            let body = #"{"model":"gpt-4.1","stream":true,"tools":[{"type":"function","name":"lookup","parameters":{}}],"input":"Write to <EMAIL_ADDRESS_1> about café ☕ now"}"#
            let payloads = try SSEEvent.parse(try await client.send("/v1/responses", json: body).text).map { try $0.json() }
            let deltas = payloads.filter { $0["type"] as? String == "response.function_call_arguments.delta" }.compactMap { $0["delta"] as? String }
            #expect(deltas.count > 3)
            #expect(try JSONSerialization.jsonObject(with: Data(deltas.joined().utf8)) as? [String: String] == ["echo": planted])
            let item = value(payloads.last, "response", "output", 0)
            #expect(value(item, "type") as? String == "function_call")
            #expect(value(item, "name") as? String == "lookup")
            #expect(value(item, "arguments") as? String == deltas.joined())
        }
    }

    @Test func responsesWithoutStreamIsOneResponseObject() async throws {
        try await EchoClient.with { client in
            let json = try await client.send("/v1/responses", json: #"{"model":"m","input":"hello <X_1>"}"#).json()
            #expect(json["object"] as? String == "response")
            #expect(value(json, "output", 0, "content", 0, "text") as? String == "echo: hello <X_1>")
        }
    }

    @Test func legacyCompletionsEchoThePrompt() async throws {
        try await EchoClient.with { client in
            let whole = try await client.send("/v1/completions", json: #"{"model":"m","prompt":"say <X_1>"}"#).json()
            #expect(value(whole, "choices", 0, "text") as? String == "echo: say <X_1>")
            let streamed = SSEEvent.parse(try await client.send("/v1/completions", json: #"{"model":"m","prompt":"say <X_1>","stream":true}"#).text)
            #expect(streamed.last?.data == "[DONE]")
            let text = try streamed.dropLast().compactMap { value(try $0.json(), "choices", 0, "text") as? String }.joined()
            #expect(text == "echo: say <X_1>")
        }
    }

    @Test func embeddingsAnswerFloatsOrBase64() async throws {
        try await EchoClient.with { client in
            let floats = try await client.send("/v1/embeddings", json: #"{"model":"e","input":["a","b"]}"#).json()
            #expect((value(floats, "data", 1, "embedding") as? [Double])?.count == 4)
            #expect(value(floats, "data", 1, "index") as? Int == 1)
            let encoded = try await client.send("/v1/embeddings", json: #"{"model":"e","input":"a","encoding_format":"base64"}"#).json()
            let base64 = try #require(value(encoded, "data", 0, "embedding") as? String)
            #expect(Data(base64Encoded: base64)?.count == 16, "four little-endian float32 values")
        }
    }

    @Test func modelsListsTheEchoModel() async throws {
        try await EchoClient.with { client in
            let json = try await client.send("/v1/models", method: .GET).json()
            #expect(value(json, "data", 0, "id") as? String == "echo-1")
        }
    }
}

/// Anthropic Messages (`POST …/messages`), streamed as named events: message_start,
/// content_block_start, ping, content_block_delta…, content_block_stop, message_delta, message_stop.
enum AnthropicMessages {
    static func prompt(_ request: JSONValue) -> EchoPrompt {
        let messages = request["messages"]?.arrayValue ?? []
        let lastUser = messages.last { $0["role"]?.stringValue == "user" }
        let last = messages.last
        let lastIsToolResult = last?["content"]?.arrayValue?.contains { $0["type"]?.stringValue == "tool_result" } ?? false
        return EchoPrompt(
            text: lastUser.map { text(of: $0["content"]) } ?? "",
            toolName: request["tools"]?.arrayValue?.first.map { $0["name"]?.stringValue ?? "tool" },
            endsWithUserTurn: last?["role"]?.stringValue == "user" && !lastIsToolResult
        )
    }

    /// A user turn's text: its text blocks, and the text inside its tool_result blocks.
    static func text(of content: JSONValue?) -> String {
        switch content {
        case .string(let text): return text
        case .array(let blocks):
            return blocks.map { block in
                switch block["type"]?.stringValue {
                case "text": block["text"]?.stringValue ?? ""
                case "tool_result": text(of: block["content"])
                default: ""
                }
            }.joined()
        default: return ""
        }
    }

    static func answer(_ request: JSONValue, _ prompt: EchoPrompt, _ context: EchoContext) -> EchoAnswer {
        request["stream"]?.boolValue == true ? stream(prompt, context) : .json(status: 200, body: whole(prompt, context))
    }

    static func whole(_ prompt: EchoPrompt, _ context: EchoContext) -> JSONValue {
        let block: JSONValue
        if let tool = prompt.toolToCall {
            block = ["type": "tool_use", "id": .string(toolUseID(context)), "name": .string(tool), "input": prompt.toolArguments]
        } else {
            block = ["type": "text", "text": .string(prompt.answerText)]
        }
        return message(context, content: [block], stopReason: prompt.toolToCall == nil ? "end_turn" : "tool_use",
                       usage: ["input_tokens": JSONValue(estimatedTokens(prompt.text)), "output_tokens": JSONValue(outputTokens(prompt))])
    }

    static func stream(_ prompt: EchoPrompt, _ context: EchoContext) -> EchoAnswer {
        var frames: [String] = []
        let start = message(context, content: [], stopReason: nil,
                            usage: ["input_tokens": JSONValue(estimatedTokens(prompt.text)), "output_tokens": 1])
        frames.append(SSE.event("message_start", ["type": "message_start", "message": start]))
        let opening: JSONValue
        let pieces: [JSONValue]
        if let tool = prompt.toolToCall {
            opening = ["type": "tool_use", "id": .string(toolUseID(context)), "name": .string(tool), "input": [:]]
            pieces = textPieces(prompt.toolArgumentsJSON, size: context.chunkSize).map {
                ["type": "input_json_delta", "partial_json": .string($0)]
            }
        } else {
            opening = ["type": "text", "text": ""]
            pieces = textPieces(prompt.answerText, size: context.chunkSize).map { ["type": "text_delta", "text": .string($0)] }
        }
        frames.append(SSE.event("content_block_start", ["type": "content_block_start", "index": 0, "content_block": opening]))
        frames.append(SSE.event("ping", ["type": "ping"]))
        let firstDelta = frames.count
        for delta in pieces {
            frames.append(SSE.event("content_block_delta", ["type": "content_block_delta", "index": 0, "delta": delta]))
        }
        frames.append(SSE.event("content_block_stop", ["type": "content_block_stop", "index": 0]))
        frames.append(SSE.event("message_delta", [
            "type": "message_delta",
            "delta": ["stop_reason": prompt.toolToCall == nil ? "end_turn" : "tool_use", "stop_sequence": nil],
            "usage": ["output_tokens": JSONValue(outputTokens(prompt))],
        ]))
        frames.append(SSE.event("message_stop", ["type": "message_stop"]))
        return .stream(contentType: SSE.contentType, frames: frames, firstDelta: firstDelta)
    }

    static func message(_ context: EchoContext, content: [JSONValue], stopReason: JSONValue, usage: JSONValue) -> JSONValue {
        [
            "id": .string("msg_echo\(context.serial)"), "type": "message", "role": "assistant",
            "model": .string(context.model), "content": .array(content), "stop_reason": stopReason,
            "stop_sequence": nil, "usage": usage,
        ]
    }

    /// `…/messages/count_tokens`: an estimate over every message's text.
    static func countTokens(_ request: JSONValue) -> EchoAnswer {
        let text = (request["messages"]?.arrayValue ?? []).map { self.text(of: $0["content"]) }.joined()
        return .json(status: 200, body: ["input_tokens": JSONValue(estimatedTokens(text))])
    }

    static func outputTokens(_ prompt: EchoPrompt) -> Int {
        estimatedTokens(prompt.toolToCall == nil ? prompt.answerText : prompt.toolArgumentsJSON)
    }

    static func toolUseID(_ context: EchoContext) -> String { "toolu_echo\(context.serial)" }
}

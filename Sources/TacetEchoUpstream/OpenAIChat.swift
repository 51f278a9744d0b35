/// OpenAI Chat Completions (`POST …/chat/completions`), streamed as `chat.completion.chunk` objects
/// in `data:` lines ending with `data: [DONE]`.
enum OpenAIChat {
    static func prompt(_ request: JSONValue) -> EchoPrompt {
        let messages = request["messages"]?.arrayValue ?? []
        let lastUser = messages.last { $0["role"]?.stringValue == "user" }
        return EchoPrompt(
            text: lastUser.map { OpenAIText.of($0["content"]) } ?? "",
            toolName: OpenAIText.firstToolName(request["tools"]),
            endsWithUserTurn: messages.last?["role"]?.stringValue == "user"
        )
    }

    static func answer(_ request: JSONValue, _ prompt: EchoPrompt, _ context: EchoContext) -> EchoAnswer {
        request["stream"]?.boolValue == true
            ? stream(request, prompt, context) : .json(status: 200, body: whole(prompt, context))
    }

    static func whole(_ prompt: EchoPrompt, _ context: EchoContext) -> JSONValue {
        let message: JSONValue
        let finishReason: JSONValue
        if let tool = prompt.toolToCall {
            let call: JSONValue = [
                "id": .string(callID(context)), "type": "function",
                "function": ["name": .string(tool), "arguments": .string(prompt.toolArgumentsJSON)],
            ]
            message = ["role": "assistant", "content": nil, "tool_calls": [call], "refusal": nil, "annotations": []]
            finishReason = "tool_calls"
        } else {
            message = ["role": "assistant", "content": .string(prompt.answerText), "refusal": nil, "annotations": []]
            finishReason = "stop"
        }
        return [
            "id": .string(completionID(context)), "object": "chat.completion", "created": JSONValue(context.created),
            "model": .string(context.model),
            "choices": [["index": 0, "message": message, "logprobs": nil, "finish_reason": finishReason]],
            "usage": usage(prompt), "service_tier": "default", "system_fingerprint": nil,
        ]
    }

    static func stream(_ request: JSONValue, _ prompt: EchoPrompt, _ context: EchoContext) -> EchoAnswer {
        let includeUsage = request["stream_options"]?["include_usage"]?.boolValue == true
        func chunk(_ delta: JSONValue, finish: JSONValue = nil) -> String {
            var members: [(String, JSONValue)] = [
                ("id", .string(completionID(context))), ("object", "chat.completion.chunk"),
                ("created", JSONValue(context.created)), ("model", .string(context.model)),
                ("service_tier", "default"), ("system_fingerprint", nil),
                ("choices", [["index": 0, "delta": delta, "logprobs": nil, "finish_reason": finish]]),
            ]
            if includeUsage { members.append(("usage", nil)) }
            return SSE.data(.object(members))
        }
        var frames: [String] = []
        if let tool = prompt.toolToCall {
            let opening: JSONValue = [
                "index": 0, "id": .string(callID(context)), "type": "function",
                "function": ["name": .string(tool), "arguments": ""],
            ]
            frames.append(chunk(["role": "assistant", "content": nil, "tool_calls": [opening], "refusal": nil]))
            for piece in textPieces(prompt.toolArgumentsJSON, size: context.chunkSize) {
                frames.append(chunk(["tool_calls": [["index": 0, "function": ["arguments": .string(piece)]]]]))
            }
            frames.append(chunk([:], finish: "tool_calls"))
        } else {
            frames.append(chunk(["role": "assistant", "content": "", "refusal": nil]))
            for piece in textPieces(prompt.answerText, size: context.chunkSize) {
                frames.append(chunk(["content": .string(piece)]))
            }
            frames.append(chunk([:], finish: "stop"))
        }
        if includeUsage {
            frames.append(SSE.data([
                "id": .string(completionID(context)), "object": "chat.completion.chunk",
                "created": JSONValue(context.created), "model": .string(context.model), "service_tier": "default",
                "system_fingerprint": nil, "choices": [], "usage": usage(prompt),
            ]))
        }
        frames.append("data: [DONE]\n\n")
        return .stream(contentType: SSE.contentType, frames: frames, firstDelta: 1)
    }

    static func usage(_ prompt: EchoPrompt) -> JSONValue {
        let input = estimatedTokens(prompt.text)
        let output = estimatedTokens(prompt.toolToCall == nil ? prompt.answerText : prompt.toolArgumentsJSON)
        return [
            "prompt_tokens": JSONValue(input), "completion_tokens": JSONValue(output),
            "total_tokens": JSONValue(input + output),
            "prompt_tokens_details": ["cached_tokens": 0, "audio_tokens": 0],
            "completion_tokens_details": [
                "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            ],
        ]
    }

    static func completionID(_ context: EchoContext) -> String { "chatcmpl-echo\(context.serial)" }
    static func callID(_ context: EchoContext) -> String { "call_echo\(context.serial)" }
}

/// Text and tool reading shared by the OpenAI endpoints.
enum OpenAIText {
    /// A message's `content`: a string, or an array of parts whose `text` fields are concatenated
    /// (chat `text` parts, Responses `input_text` and `output_text` parts).
    static func of(_ content: JSONValue?) -> String {
        switch content {
        case .string(let text): return text
        case .array(let parts): return parts.compactMap { $0["text"]?.stringValue }.joined()
        default: return ""
        }
    }

    /// The first tool's name: chat nests it under `function`, Responses has it at the top.
    static func firstToolName(_ tools: JSONValue?) -> String? {
        guard let first = tools?.arrayValue?.first else { return nil }
        return first["function"]?["name"]?.stringValue ?? first["name"]?.stringValue ?? "tool"
    }
}

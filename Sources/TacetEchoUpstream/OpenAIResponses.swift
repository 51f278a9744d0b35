/// OpenAI Responses (`POST …/responses`): a `response` object, or when streamed the typed event
/// sequence (`event:` and `data:` lines, each payload with a `sequence_number`).
enum OpenAIResponses {
    static func prompt(_ request: JSONValue) -> EchoPrompt {
        let tools = OpenAIText.firstToolName(request["tools"])
        switch request["input"] {
        case .string(let text):
            return EchoPrompt(text: text, toolName: tools, endsWithUserTurn: true)
        case .array(let items):
            let lastUser = items.last { $0["role"]?.stringValue == "user" }
            return EchoPrompt(
                text: lastUser.map { OpenAIText.of($0["content"]) } ?? "",
                toolName: tools,
                endsWithUserTurn: items.last?["role"]?.stringValue == "user"
            )
        default:
            return EchoPrompt(text: "", toolName: tools, endsWithUserTurn: false)
        }
    }

    static func answer(_ request: JSONValue, _ prompt: EchoPrompt, _ context: EchoContext) -> EchoAnswer {
        request["stream"]?.boolValue == true
            ? stream(request, prompt, context)
            : .json(status: 200, body: response(request, context, status: "completed", output: [item(prompt, context, done: true)], usage: usage(prompt)))
    }

    static func stream(_ request: JSONValue, _ prompt: EchoPrompt, _ context: EchoContext) -> EchoAnswer {
        var frames: [String] = []
        func emit(_ type: String, _ fields: [(String, JSONValue)]) {
            let payload: [(String, JSONValue)] = [("type", .string(type)), ("sequence_number", JSONValue(frames.count))]
            frames.append(SSE.event(type, .object(payload + fields)))
        }
        let itemID = self.itemID(prompt, context)
        let pending = response(request, context, status: "in_progress", output: [], usage: nil)
        emit("response.created", [("response", pending)])
        emit("response.in_progress", [("response", pending)])
        emit("response.output_item.added", [("output_index", 0), ("item", item(prompt, context, done: false))])
        let firstDelta: Int
        if prompt.toolToCall != nil {
            firstDelta = frames.count
            for piece in textPieces(prompt.toolArgumentsJSON, size: context.chunkSize) {
                emit("response.function_call_arguments.delta", [
                    ("item_id", .string(itemID)), ("output_index", 0), ("delta", .string(piece)),
                ])
            }
            emit("response.function_call_arguments.done", [
                ("item_id", .string(itemID)), ("output_index", 0), ("name", .string(prompt.toolToCall ?? "")),
                ("arguments", .string(prompt.toolArgumentsJSON)),
            ])
        } else {
            let place: [(String, JSONValue)] = [("item_id", .string(itemID)), ("output_index", 0), ("content_index", 0)]
            emit("response.content_part.added", place + [("part", textPart(""))])
            firstDelta = frames.count
            for piece in textPieces(prompt.answerText, size: context.chunkSize) {
                emit("response.output_text.delta", place + [("delta", .string(piece)), ("logprobs", [])])
            }
            emit("response.output_text.done", place + [("text", .string(prompt.answerText)), ("logprobs", [])])
            emit("response.content_part.done", place + [("part", textPart(prompt.answerText))])
        }
        let finished = item(prompt, context, done: true)
        emit("response.output_item.done", [("output_index", 0), ("item", finished)])
        emit("response.completed", [
            ("response", response(request, context, status: "completed", output: [finished], usage: usage(prompt))),
        ])
        return .stream(contentType: SSE.contentType, frames: frames, firstDelta: firstDelta)
    }

    /// The response object; `tools` and `instructions` are not echoed back (they may hold
    /// redacted text the test does not look for there).
    static func response(
        _ request: JSONValue, _ context: EchoContext, status: String, output: [JSONValue], usage: JSONValue?
    ) -> JSONValue {
        [
            "id": .string("resp_echo\(context.serial)"), "object": "response", "created_at": JSONValue(context.created),
            "status": .string(status), "background": false, "error": nil, "incomplete_details": nil,
            "instructions": nil, "max_output_tokens": nil, "model": .string(context.model), "output": .array(output),
            "parallel_tool_calls": true, "previous_response_id": nil,
            "reasoning": ["effort": nil, "summary": nil], "service_tier": "default", "store": true,
            "temperature": 1, "text": ["format": ["type": "text"]], "tool_choice": "auto", "tools": [],
            "top_p": 1, "truncation": "disabled", "usage": usage ?? nil, "user": nil, "metadata": [:],
        ]
    }

    /// The one output item: a message, or a function call when the request is answered with a tool.
    static func item(_ prompt: EchoPrompt, _ context: EchoContext, done: Bool) -> JSONValue {
        let status: JSONValue = done ? "completed" : "in_progress"
        if let tool = prompt.toolToCall {
            return [
                "id": .string(itemID(prompt, context)), "type": "function_call", "status": status,
                "arguments": .string(done ? prompt.toolArgumentsJSON : ""), "call_id": .string("call_echo\(context.serial)"),
                "name": .string(tool),
            ]
        }
        return [
            "id": .string(itemID(prompt, context)), "type": "message", "status": status, "role": "assistant",
            "content": done ? [textPart(prompt.answerText)] : [],
        ]
    }

    static func textPart(_ text: String) -> JSONValue {
        ["type": "output_text", "annotations": [], "logprobs": [], "text": .string(text)]
    }

    static func itemID(_ prompt: EchoPrompt, _ context: EchoContext) -> String {
        (prompt.toolToCall == nil ? "msg_echo" : "fc_echo") + String(context.serial)
    }

    static func usage(_ prompt: EchoPrompt) -> JSONValue {
        let input = estimatedTokens(prompt.text)
        let output = estimatedTokens(prompt.toolToCall == nil ? prompt.answerText : prompt.toolArgumentsJSON)
        return [
            "input_tokens": JSONValue(input), "input_tokens_details": ["cached_tokens": 0],
            "output_tokens": JSONValue(output), "output_tokens_details": ["reasoning_tokens": 0],
            "total_tokens": JSONValue(input + output),
        ]
    }
}

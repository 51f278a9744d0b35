/// OpenAI legacy Completions (`POST …/completions`): the echo of `prompt` in `choices[].text`.
enum OpenAICompletions {
    static func prompt(_ request: JSONValue) -> EchoPrompt {
        let text: String =
            switch request["prompt"] {
            case .string(let prompt): prompt
            case .array(let prompts): prompts.last?.stringValue ?? ""
            default: ""
            }
        return EchoPrompt(text: text, toolName: nil, endsWithUserTurn: true)
    }

    static func answer(_ request: JSONValue, _ prompt: EchoPrompt, _ context: EchoContext) -> EchoAnswer {
        func body(_ text: String, finish: JSONValue, usage: JSONValue?) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("id", .string("cmpl-echo\(context.serial)")), ("object", "text_completion"),
                ("created", JSONValue(context.created)), ("model", .string(context.model)),
                ("choices", [["text": .string(text), "index": 0, "logprobs": nil, "finish_reason": finish]]),
            ]
            if let usage { members.append(("usage", usage)) }
            return .object(members)
        }
        let input = estimatedTokens(prompt.text)
        let output = estimatedTokens(prompt.answerText)
        let usage: JSONValue = [
            "prompt_tokens": JSONValue(input), "completion_tokens": JSONValue(output), "total_tokens": JSONValue(input + output),
        ]
        guard request["stream"]?.boolValue == true else {
            return .json(status: 200, body: body(prompt.answerText, finish: "stop", usage: usage))
        }
        var frames = textPieces(prompt.answerText, size: context.chunkSize).map { SSE.data(body($0, finish: nil, usage: nil)) }
        frames.append(SSE.data(body("", finish: "stop", usage: nil)))
        frames.append("data: [DONE]\n\n")
        return .stream(contentType: SSE.contentType, frames: frames, firstDelta: 0)
    }
}

/// OpenAI `GET …/models`: one echo model.
enum OpenAIModels {
    static func answer() -> EchoAnswer {
        .json(status: 200, body: [
            "object": "list",
            "data": [["id": "echo-1", "object": "model", "created": 0, "owned_by": "tacet-echo"]],
        ])
    }
}

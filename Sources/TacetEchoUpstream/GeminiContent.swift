/// Gemini `generateContent` and `streamGenerateContent` (SSE with `?alt=sse`, else one JSON
/// array written element by element), `countTokens`.
enum GeminiContent {
    static func prompt(_ request: JSONValue) -> EchoPrompt {
        let contents = request["contents"]?.arrayValue ?? []
        // A content without a role is the user's (the API's default).
        func isUser(_ content: JSONValue) -> Bool { (content["role"]?.stringValue ?? "user") == "user" }
        let last = contents.last
        let lastIsFunctionResponse = last?["parts"]?.arrayValue?.contains { $0["functionResponse"] != nil } ?? false
        let declarations = (request["tools"]?.arrayValue ?? []).flatMap { $0["functionDeclarations"]?.arrayValue ?? [] }
        return EchoPrompt(
            // A turn of only functionResponse parts has no text: the question before it is echoed.
            text: contents.last { isUser($0) && !text(of: $0).isEmpty }.map { text(of: $0) } ?? "",
            toolName: declarations.first.map { $0["name"]?.stringValue ?? "tool" },
            endsWithUserTurn: last.map(isUser) == true && !lastIsFunctionResponse
        )
    }

    /// A content's text parts, concatenated.
    static func text(of content: JSONValue?) -> String {
        (content?["parts"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
    }

    static func whole(_ prompt: EchoPrompt, _ model: String, _ context: EchoContext) -> EchoAnswer {
        .json(status: 200, body: response(parts: [part(prompt)], finish: true, prompt, model, context))
    }

    static func stream(_ prompt: EchoPrompt, _ model: String, sse: Bool, _ context: EchoContext) -> EchoAnswer {
        let chunks: [JSONValue]
        if prompt.toolToCall != nil {
            // Gemini sends a function call whole, its args an object, in one chunk.
            chunks = [response(parts: [part(prompt)], finish: true, prompt, model, context)]
        } else {
            let pieces = textPieces(prompt.answerText, size: context.chunkSize)
            chunks = pieces.enumerated().map { index, piece in
                response(parts: [["text": .string(piece)]], finish: index == pieces.count - 1, prompt, model, context)
            }
        }
        // Gemini ends SSE events with CRLF CRLF; its JSON-array stream separates elements with ",\r\n".
        let frames: [String] =
            sse
            ? chunks.map { "data: " + $0.serialized + "\r\n\r\n" }
            : chunks.enumerated().map { index, chunk in (index == 0 ? "[" : "\r\n,") + chunk.serialized }
                + ["]"]
        return .stream(contentType: sse ? SSE.contentType : "application/json", frames: frames, firstDelta: 0)
    }

    static func part(_ prompt: EchoPrompt) -> JSONValue {
        if let tool = prompt.toolToCall {
            return ["functionCall": ["name": .string(tool), "args": prompt.toolArguments]]
        }
        return ["text": .string(prompt.answerText)]
    }

    static func response(
        parts: [JSONValue], finish: Bool, _ prompt: EchoPrompt, _ model: String, _ context: EchoContext
    ) -> JSONValue {
        var candidate: [(String, JSONValue)] = [("content", ["parts": .array(parts), "role": "model"])]
        if finish { candidate.append(("finishReason", "STOP")) }
        candidate.append(("index", 0))
        let input = estimatedTokens(prompt.text)
        let output = estimatedTokens(prompt.toolToCall == nil ? prompt.answerText : prompt.toolArgumentsJSON)
        let usage: JSONValue =
            finish
            ? ["promptTokenCount": JSONValue(input), "candidatesTokenCount": JSONValue(output), "totalTokenCount": JSONValue(input + output)]
            : ["promptTokenCount": JSONValue(input), "totalTokenCount": JSONValue(input)]
        return [
            "candidates": [.object(candidate)], "usageMetadata": usage, "modelVersion": .string(model),
            "responseId": .string("echo\(context.serial)"),
        ]
    }

    static func countTokens(_ request: JSONValue) -> EchoAnswer {
        let contents = request["contents"]?.arrayValue ?? request["generateContentRequest"]?["contents"]?.arrayValue ?? []
        return .json(status: 200, body: ["totalTokens": JSONValue(estimatedTokens(contents.map { text(of: $0) }.joined()))])
    }
}

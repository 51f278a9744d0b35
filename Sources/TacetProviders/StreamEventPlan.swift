import TacetRedact

/// Where one streamed event carries pieces of restorable text, by provider shape.
///
/// Each choice, content block, output item and tool call is its own channel: its pieces are
/// one text, restored as a stream, so a placeholder split over events is found. A channel
/// ends at its provider's end marker (a finish reason, `content_block_stop`, `….done`).
struct StreamEventPlan {
    struct Delta {
        var channel: String
        /// The piece's raw string contents in the event's data.
        var contents: Range<Int>
        /// Tool-call arguments: pieces of a JSON document, so restored values are escaped.
        var isJSON: Bool
    }

    var deltas: [Delta] = []
    /// Channels (and their sub-channels) this event ends.
    var closes: [String] = []
    var closesAll = false

    init(kind: ProviderKind, endpoint: Endpoint, tree: JSONTree) {
        switch (kind, endpoint) {
        case (.openai, .responses): responsesEvent(tree)
        case (.openai, _): openAIChunk(tree)
        case (.anthropic, _): anthropicEvent(tree)
        case (.gemini, _): geminiChunk(tree)
        }
    }

    /// Whether `channel` is `prefix` or one of its sub-channels.
    static func channel(_ channel: String, isUnder prefix: String) -> Bool {
        channel == prefix || (channel.hasPrefix(prefix) && channel.utf8.dropFirst(prefix.utf8.count).first == UInt8(ascii: "."))
    }

    private mutating func add(_ channel: String, _ node: JSONTree.Node?, json: Bool = false) {
        guard let contents = node?.stringRange else { return }
        deltas.append(Delta(channel: channel, contents: contents, isJSON: json))
    }

    /// Chat completion and completion chunks.
    private mutating func openAIChunk(_ tree: JSONTree) {
        for (position, choice) in (tree.root["choices"]?.elements ?? []).enumerated() {
            let name = "c\(tree.int(choice["index"]) ?? position)"
            add(name, choice["text"])
            if let delta = choice["delta"] {
                add(name, delta["content"])
                add(name + ".refusal", delta["refusal"])
                add(name + ".reasoning", delta["reasoning_content"] ?? delta["reasoning"])
                for (toolPosition, call) in (delta["tool_calls"]?.elements ?? []).enumerated() {
                    add(name + ".t\(tree.int(call["index"]) ?? toolPosition)", call["function"]?["arguments"], json: true)
                }
                add(name + ".f", delta["function_call"]?["arguments"], json: true)
            }
            if let reason = choice["finish_reason"], case .string = reason.value { closes.append(name) }
        }
    }

    /// Responses API events, told apart by their `type`.
    private mutating func responsesEvent(_ tree: JSONTree) {
        let root = tree.root
        let item = "o\(tree.int(root["output_index"]) ?? 0)"
        let part = tree.int(root["content_index"]) ?? tree.int(root["summary_index"]) ?? 0
        switch tree.string(root["type"]) ?? "" {
        case "response.output_text.delta": add(item + ".c\(part)", root["delta"])
        case "response.refusal.delta": add(item + ".r\(part)", root["delta"])
        case "response.reasoning_summary_text.delta": add(item + ".s\(part)", root["delta"])
        case "response.reasoning_text.delta": add(item + ".x\(part)", root["delta"])
        case "response.function_call_arguments.delta", "response.mcp_call_arguments.delta":
            add(item + ".a", root["delta"], json: true)
        case "response.custom_tool_call_input.delta": add(item + ".a", root["delta"])
        case "response.output_text.done": closes.append(item + ".c\(part)")
        case "response.refusal.done": closes.append(item + ".r\(part)")
        case "response.reasoning_summary_text.done": closes.append(item + ".s\(part)")
        case "response.reasoning_text.done": closes.append(item + ".x\(part)")
        case "response.function_call_arguments.done", "response.mcp_call_arguments.done",
            "response.custom_tool_call_input.done":
            closes.append(item + ".a")
        case "response.output_item.done": closes.append(item)
        case "response.completed", "response.incomplete", "response.failed", "error": closesAll = true
        default: break
        }
    }

    /// Messages stream events. Thinking deltas are left as they are: the thinking block comes
    /// back signed in the next request and must then hold exactly what was sent.
    private mutating func anthropicEvent(_ tree: JSONTree) {
        let root = tree.root
        let block = "b\(tree.int(root["index"]) ?? 0)"
        switch tree.string(root["type"]) ?? "" {
        case "content_block_delta":
            guard let delta = root["delta"] else { return }
            switch tree.string(delta["type"]) ?? "" {
            case "text_delta": add(block, delta["text"])
            case "input_json_delta": add(block, delta["partial_json"], json: true)
            default: break
            }
        case "content_block_stop": closes.append(block)
        case "message_stop", "error": closesAll = true
        default: break
        }
    }

    /// `streamGenerateContent` chunks: each candidate's text parts make one channel.
    private mutating func geminiChunk(_ tree: JSONTree) {
        for (position, candidate) in (tree.root["candidates"]?.elements ?? []).enumerated() {
            let name = "g\(tree.int(candidate["index"]) ?? position)"
            for part in candidate["content"]?["parts"]?.elements ?? [] {
                if case .bool(true)? = part["thought"]?.value {
                    add(name + ".thought", part["text"])
                } else {
                    add(name, part["text"])
                }
            }
            if candidate["finishReason"] != nil { closes.append(name) }
        }
    }
}

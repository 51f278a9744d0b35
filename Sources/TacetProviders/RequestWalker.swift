import TacetRedact

/// Walks a request body by its provider's shape and lists what ``RequestPlan`` holds.
///
/// Every string is scanned unless it is structural (ids, roles, types, the model) or opaque
/// to the provider's own checks (Anthropic thinking blocks, reasoning signatures), which must
/// reach it byte for byte. Content parts and items are read by their `type`; a type this
/// walker does not know refuses the request, since its strings might not be where it looks.
struct RequestWalker {
    let tree: JSONTree
    let mediaPolicy: MediaPolicy
    var leaves: [RequestPlan.Leaf] = []
    var media: [RequestPlan.Media] = []

    /// Keys whose strings are never content: scanning them would only risk breaking the request.
    static let structuralKeys: Set<String> = [
        "model", "role", "type", "id", "object", "status", "tool_call_id", "tool_use_id", "call_id", "item_id",
        "file_id", "previous_response_id", "signature", "encrypted_content", "thoughtSignature", "thought_signature",
        "mimeType", "mime_type", "media_type", "cachedContent", "cached_content",
    ]

    // MARK: Generic

    /// Every string under `node` but structural keys; an `arguments` string holds JSON.
    mutating func generic(_ node: JSONTree.Node, path: String) throws(RequestRefusal) {
        switch node.value {
        case .string(let contents): leaves.append(RequestPlan.Leaf(path: path, contents: contents, kind: .text))
        case .object(let members):
            for member in members where !Self.structuralKeys.contains(member.key) {
                let memberPath = path + JSONTree.member(member.key)
                if member.key == "arguments", let contents = member.value.stringRange {
                    leaves.append(RequestPlan.Leaf(path: memberPath, contents: contents, kind: .embeddedJSON))
                } else {
                    try generic(member.value, path: memberPath)
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { try generic(element, path: path + "[\(index)]") }
        case .number, .bool, .null: break
        }
    }

    /// The root's members: `special` handles the keys it knows (returning true), the rest are generic.
    mutating func members(
        of node: JSONTree.Node, path: String, _ special: (inout Self, JSONTree.Member, String) throws(RequestRefusal) -> Bool
    ) throws(RequestRefusal) {
        for member in node.members where !Self.structuralKeys.contains(member.key) {
            let memberPath = path + JSONTree.member(member.key)
            if try special(&self, member, memberPath) { continue }
            if member.key == "arguments", let contents = member.value.stringRange {
                leaves.append(RequestPlan.Leaf(path: memberPath, contents: contents, kind: .embeddedJSON))
            } else {
                try generic(member.value, path: memberPath)
            }
        }
    }

    mutating func addMedia(_ node: JSONTree.Node, path: String, kind: String) throws(RequestRefusal) {
        guard mediaPolicy == .pass else { throw RequestRefusal.media(path: path, kind: kind) }
        media.append(RequestPlan.Media(path: path, kind: kind, node: node.range))
    }

    func type(of node: JSONTree.Node, path: String) throws(RequestRefusal) -> String {
        guard node.isObject else { throw RequestRefusal.shape(path: path, message: "expected an object") }
        guard let type = tree.string(node["type"]) else { throw RequestRefusal.shape(path: path, message: "a part without a \"type\"") }
        return type
    }

    static func unknown(_ what: String, _ type: String, at path: String) -> RequestRefusal {
        RequestRefusal.shape(path: path, message: "unknown \(what) type \"\(type)\"")
    }

    // MARK: OpenAI

    mutating func openAIChat(_ root: JSONTree.Node) throws(RequestRefusal) {
        try members(of: root, path: "$") { walker, member, path throws(RequestRefusal) in
            guard member.key == "messages" else { return false }
            for (index, message) in member.value.elements.enumerated() {
                let messagePath = path + "[\(index)]"
                guard message.isObject else { throw RequestRefusal.shape(path: messagePath, message: "a message must be an object") }
                try walker.members(of: message, path: messagePath) { walker, member, path throws(RequestRefusal) in
                    guard member.key == "content", case .array(let parts) = member.value.value else { return false }
                    for (index, part) in parts.enumerated() { try walker.openAIChatPart(part, path: path + "[\(index)]") }
                    return true
                }
            }
            return true
        }
    }

    mutating func openAIChatPart(_ part: JSONTree.Node, path: String) throws(RequestRefusal) {
        switch try type(of: part, path: path) {
        case "text", "refusal": try generic(part, path: path)
        case "image_url": try addMedia(part, path: path, kind: "image")
        case "input_audio": try addMedia(part, path: path, kind: "audio")
        case "file": try addMedia(part, path: path, kind: "file")
        case let other: throw Self.unknown("content part", other, at: path)
        }
    }

    /// Responses input items whose strings are all scanned as they are.
    static let responsesPlainItems: Set<String> = [
        "function_call", "custom_tool_call", "custom_tool_call_output", "reasoning", "item_reference",
        "web_search_call", "file_search_call", "computer_call", "computer_call_output", "code_interpreter_call",
        "image_generation_call", "local_shell_call", "local_shell_call_output", "shell_call", "shell_call_output",
        "apply_patch_call", "apply_patch_call_output", "mcp_list_tools", "mcp_approval_request",
        "mcp_approval_response", "mcp_call",
    ]

    mutating func openAIResponses(_ root: JSONTree.Node) throws(RequestRefusal) {
        try members(of: root, path: "$") { walker, member, path throws(RequestRefusal) in
            guard member.key == "input", case .array(let items) = member.value.value else { return false }
            for (index, item) in items.enumerated() { try walker.responsesItem(item, path: path + "[\(index)]") }
            return true
        }
    }

    mutating func responsesItem(_ item: JSONTree.Node, path: String) throws(RequestRefusal) {
        guard item.isObject else { throw RequestRefusal.shape(path: path, message: "an input item must be an object") }
        // A message may leave out its type ({"role": "user", "content": …}).
        let type = tree.string(item["type"]) ?? (item["role"] != nil ? "message" : "")
        switch type {
        case "message", "function_call_output":
            let partsKey = type == "message" ? "content" : "output"
            try members(of: item, path: path) { walker, member, path throws(RequestRefusal) in
                guard member.key == partsKey, case .array(let parts) = member.value.value else { return false }
                for (index, part) in parts.enumerated() { try walker.responsesPart(part, path: path + "[\(index)]") }
                return true
            }
        case _ where Self.responsesPlainItems.contains(type): try generic(item, path: path)
        default: throw Self.unknown("input item", type, at: path)
        }
    }

    mutating func responsesPart(_ part: JSONTree.Node, path: String) throws(RequestRefusal) {
        switch try type(of: part, path: path) {
        case "input_text", "output_text", "refusal", "summary_text", "reasoning_text": try generic(part, path: path)
        case "input_image": try addMedia(part, path: path, kind: "image")
        case "input_audio": try addMedia(part, path: path, kind: "audio")
        case "input_file": try addMedia(part, path: path, kind: "file")
        case let other: throw Self.unknown("content part", other, at: path)
        }
    }

    /// Completions and embeddings: text, or token ids, which cannot be scanned without the
    /// model's tokenizer and so are refused.
    mutating func tokenFreeRequest(_ root: JSONTree.Node, textKey: String) throws(RequestRefusal) {
        try members(of: root, path: "$") { walker, member, path throws(RequestRefusal) in
            guard member.key == textKey else { return false }
            let inputs = member.value.elements.isEmpty ? [member.value] : member.value.elements
            for input in inputs {
                switch input.value {
                case .string: continue
                case .number, .array:
                    throw RequestRefusal.shape(path: path, message: "token ids cannot be scanned; send text")
                default: throw RequestRefusal.shape(path: path, message: "expected text or a list of texts")
                }
            }
            try walker.generic(member.value, path: path)
            return true
        }
    }

    // MARK: Anthropic

    mutating func anthropicMessages(_ root: JSONTree.Node) throws(RequestRefusal) {
        try members(of: root, path: "$") { walker, member, path throws(RequestRefusal) in
            switch member.key {
            case "system":
                try walker.anthropicContent(member.value, path: path)
            case "messages":
                for (index, message) in member.value.elements.enumerated() {
                    let messagePath = path + "[\(index)]"
                    guard message.isObject else { throw RequestRefusal.shape(path: messagePath, message: "a message must be an object") }
                    try walker.members(of: message, path: messagePath) { walker, member, path throws(RequestRefusal) in
                        guard member.key == "content" else { return false }
                        try walker.anthropicContent(member.value, path: path)
                        return true
                    }
                }
            default: return false
            }
            return true
        }
    }

    /// A string, or a list of content blocks.
    mutating func anthropicContent(_ node: JSONTree.Node, path: String) throws(RequestRefusal) {
        guard case .array(let blocks) = node.value else { return try generic(node, path: path) }
        for (index, block) in blocks.enumerated() { try anthropicBlock(block, path: path + "[\(index)]") }
    }

    /// Blocks whose strings are all scanned as they are (a tool call's input, search results, …).
    static let anthropicPlainBlocks: Set<String> = [
        "text", "tool_use", "server_tool_use", "web_search_tool_result", "web_fetch_tool_result", "search_result",
        "mcp_tool_use", "mcp_tool_result", "container_upload", "code_execution_tool_result",
        "bash_code_execution_tool_result", "text_editor_code_execution_tool_result", "tool_search_tool_result",
    ]

    mutating func anthropicBlock(_ block: JSONTree.Node, path: String) throws(RequestRefusal) {
        let type = try type(of: block, path: path)
        switch type {
        // Signed by the provider: it must come back byte for byte.
        case "thinking", "redacted_thinking": return
        case "tool_result":
            try members(of: block, path: path) { walker, member, path throws(RequestRefusal) in
                guard member.key == "content" else { return false }
                try walker.anthropicContent(member.value, path: path)
                return true
            }
        case "image": try addMedia(block, path: path, kind: "image")
        case "document":
            // A document of plain text or of content blocks is text; a PDF or a URL is a file.
            switch tree.string(block["source"]?["type"]) {
            case "text": try generic(block, path: path)
            case "content":
                try members(of: block, path: path) { walker, member, path throws(RequestRefusal) in
                    guard member.key == "source", let content = member.value["content"] else { return false }
                    try walker.anthropicContent(content, path: path + ".content")
                    return true
                }
            default: try addMedia(block, path: path, kind: "file")
            }
        case _ where Self.anthropicPlainBlocks.contains(type): try generic(block, path: path)
        default: throw Self.unknown("content block", type, at: path)
        }
    }

    // MARK: Gemini

    mutating func gemini(_ root: JSONTree.Node) throws(RequestRefusal) {
        try members(of: root, path: "$") { walker, member, path throws(RequestRefusal) in
            switch member.key {
            case "contents":
                for (index, content) in member.value.elements.enumerated() {
                    try walker.geminiContent(content, path: path + "[\(index)]")
                }
            case "systemInstruction", "system_instruction", "content":
                try walker.geminiContent(member.value, path: path)
            default: return false
            }
            return true
        }
    }

    mutating func geminiContent(_ content: JSONTree.Node, path: String) throws(RequestRefusal) {
        guard content.isObject else { throw RequestRefusal.shape(path: path, message: "a content must be an object") }
        try members(of: content, path: path) { walker, member, path throws(RequestRefusal) in
            guard member.key == "parts" else { return false }
            for (index, part) in member.value.elements.enumerated() { try walker.geminiPart(part, path: path + "[\(index)]") }
            return true
        }
    }

    /// Keys a part may carry beside its data.
    static let geminiPartMetadata: Set<String> = [
        "thought", "thoughtSignature", "thought_signature", "videoMetadata", "video_metadata", "partMetadata",
        "part_metadata", "mediaResolution", "media_resolution",
    ]
    static let geminiPlainData: Set<String> = [
        "text", "functionCall", "function_call", "functionResponse", "function_response", "executableCode",
        "executable_code", "codeExecutionResult", "code_execution_result",
    ]

    mutating func geminiPart(_ part: JSONTree.Node, path: String) throws(RequestRefusal) {
        guard part.isObject else { throw RequestRefusal.shape(path: path, message: "a part must be an object") }
        let data = part.members.map(\.key).filter { !Self.geminiPartMetadata.contains($0) }
        guard data.count == 1, let key = data.first else {
            throw RequestRefusal.shape(path: path, message: "a part must hold exactly one kind of data")
        }
        switch key {
        case "inlineData", "inline_data", "fileData", "file_data":
            let mime = tree.string(part[key]?["mimeType"] ?? part[key]?["mime_type"]) ?? ""
            try addMedia(part, path: path, kind: mime.hasPrefix("image/") ? "image" : mime.hasPrefix("audio/") ? "audio" : "file")
        case _ where Self.geminiPlainData.contains(key): try generic(part, path: path)
        default: throw Self.unknown("part", key, at: path)
        }
    }
}

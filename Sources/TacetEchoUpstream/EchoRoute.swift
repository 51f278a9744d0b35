/// The provider families whose wire shapes the echo speaks.
enum EchoProvider: Sendable {
    case openAI, anthropic, gemini
}

/// Which provider operation a request is, matched on the path's suffix so that any base-path
/// prefix (`/v1`, `/openai/v1`, `/mistral/v1`) works.
enum EchoRoute: Sendable, Equatable {
    case openAIChat, openAIResponses, openAICompletions, openAIEmbeddings, openAIModels
    case anthropicMessages, anthropicCountTokens
    case geminiGenerate(model: String), geminiStream(model: String, sse: Bool)
    case geminiCountTokens(model: String), geminiEmbed(model: String), geminiBatchEmbed(model: String)

    var provider: EchoProvider {
        switch self {
        case .openAIChat, .openAIResponses, .openAICompletions, .openAIEmbeddings, .openAIModels: .openAI
        case .anthropicMessages, .anthropicCountTokens: .anthropic
        default: .gemini
        }
    }

    /// The route for `method` and `target` (path with optional query), or nil for a path no
    /// provider serves.
    init?(method: String, target: String) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? ""
        let query = parts.count > 1 ? String(parts[1]) : ""
        if method == "GET" {
            guard path.hasSuffix("/models") else { return nil }
            self = .openAIModels
            return
        }
        guard method == "POST" else { return nil }
        if let route = Self.gemini(path: path, query: query) {
            self = route
        } else if path.hasSuffix("/chat/completions") {
            self = .openAIChat
        } else if path.hasSuffix("/responses") {
            self = .openAIResponses
        } else if path.hasSuffix("/completions") {
            self = .openAICompletions
        } else if path.hasSuffix("/embeddings") {
            self = .openAIEmbeddings
        } else if path.hasSuffix("/messages/count_tokens") {
            self = .anthropicCountTokens
        } else if path.hasSuffix("/messages") {
            self = .anthropicMessages
        } else {
            return nil
        }
    }

    /// Gemini puts the operation after a colon in the last segment: `…/models/{model}:{action}`.
    private static func gemini(path: String, query: String) -> EchoRoute? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 2, segments[segments.count - 2] == "models", let last = segments.last,
            let colon = last.lastIndex(of: ":")
        else { return nil }
        let model = String(last[..<colon])
        let sse = query.split(separator: "&").contains("alt=sse")
        switch last[last.index(after: colon)...] {
        case "generateContent": return .geminiGenerate(model: model)
        case "streamGenerateContent": return .geminiStream(model: model, sse: sse)
        case "countTokens": return .geminiCountTokens(model: model)
        case "embedContent": return .geminiEmbed(model: model)
        case "batchEmbedContents": return .geminiBatchEmbed(model: model)
        default: return nil
        }
    }
}

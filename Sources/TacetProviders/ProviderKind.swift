/// The wire formats Tacet understands. OpenAI-compatible providers (Mistral, Groq, vLLM, …)
/// are `openai`.
public enum ProviderKind: String, Sendable, CaseIterable {
    case openai, anthropic, gemini

    /// Where the provider's API paths start, relative to the base URL its SDK takes: OpenAI's
    /// base URL ends in `/v1` (`https://api.openai.com/v1`), the others' do not.
    public var sdkBasePath: String {
        switch self {
        case .openai: "/v1"
        case .anthropic, .gemini: ""
        }
    }
}

/// The request shapes Tacet reads, scans and restores. Any other path of a provider is
/// ``other``: forwarded only when configured, after a raw-text scan.
public enum Endpoint: Sendable, Equatable {
    case chatCompletions, responses, completions, embeddings
    case messages, messagesCountTokens
    case generateContent(model: String), streamGenerateContent(model: String)
    case countTokens(model: String), embedContent(model: String)
    case other

    /// The model a Gemini path names.
    public var pathModel: String? {
        switch self {
        case .generateContent(let model), .streamGenerateContent(let model), .countTokens(let model), .embedContent(let model):
            model
        default: nil
        }
    }

    /// Which provider's known endpoint `method path` is (the path after any upstream prefix,
    /// without its query), or `nil` when it is none of them.
    ///
    /// Gemini's `/v1/models/{model}:action` is told from OpenAI's `GET /v1/models` by the
    /// method and the `:action` suffix.
    public static func known(method: String, path: String) -> (ProviderKind, Endpoint)? {
        guard method == "POST" else { return nil }
        switch path {
        case "/v1/chat/completions": return (.openai, .chatCompletions)
        case "/v1/responses": return (.openai, .responses)
        case "/v1/completions": return (.openai, .completions)
        case "/v1/embeddings": return (.openai, .embeddings)
        case "/v1/messages": return (.anthropic, .messages)
        case "/v1/messages/count_tokens": return (.anthropic, .messagesCountTokens)
        default: break
        }
        for root in ["/v1beta/models/", "/v1/models/"] where path.hasPrefix(root) {
            let rest = path.dropFirst(root.count)
            guard let colon = rest.lastIndex(of: ":") else { return nil }
            let model = String(rest[..<colon])
            guard !model.isEmpty, !model.contains("/") else { return nil }
            switch rest[rest.index(after: colon)...] {
            case "generateContent": return (.gemini, .generateContent(model: model))
            case "streamGenerateContent": return (.gemini, .streamGenerateContent(model: model))
            case "countTokens": return (.gemini, .countTokens(model: model))
            case "embedContent": return (.gemini, .embedContent(model: model))
            default: return nil
            }
        }
        return nil
    }

    /// The provider another path belongs to, if any: Gemini's API roots, else `/v1/…`, which
    /// OpenAI and Anthropic share (both have `/v1/models` and `/v1/files`), told apart by
    /// Anthropic's required `anthropic-version` header.
    public static func providerOfOtherPath(_ path: String, hasAnthropicVersion: Bool) -> ProviderKind? {
        if path.hasPrefix("/v1beta/") || path.hasPrefix("/upload/v1beta/") { return .gemini }
        if path.hasPrefix("/v1/models/"), path.contains(":") { return .gemini }
        if path.hasPrefix("/v1/") || path == "/v1" { return hasAnthropicVersion ? .anthropic : .openai }
        return nil
    }
}

import TacetRedact

/// What a provider request body holds, read by its shape: every string that reaches the
/// provider and must be scanned (with its JSON path), the media it carries, the model, and
/// whether the answer will stream.
public struct RequestPlan: Sendable {
    public enum LeafKind: Sendable, Equatable {
        case text
        /// A string that holds a JSON document (tool-call arguments): scanned leaf by leaf.
        case embeddedJSON
    }

    public struct Leaf: Sendable {
        public var path: String
        /// The string's raw contents in the body.
        public var contents: Range<Int>
        public var kind: LeafKind
    }

    /// An image, audio clip or file, passed unscanned because the media policy says so.
    public struct Media: Sendable {
        public var path: String
        /// `image`, `audio` or `file`.
        public var kind: String
        /// The whole part as written in the body.
        public var node: Range<Int>
    }

    public var leaves: [Leaf] = []
    public var media: [Media] = []
    public var model: String?
    public var stream = false

    /// Reads `tree` as a request to `endpoint` of a `kind` provider.
    ///
    /// - Throws: ``RequestRefusal`` for a shape Tacet does not know (fail closed: a string it
    ///   cannot find is a string it cannot scan) and for media the policy refuses.
    public init(tree: JSONTree, kind: ProviderKind, endpoint: Endpoint, media policy: MediaPolicy) throws(RequestRefusal) {
        guard tree.root.isObject else { throw RequestRefusal.shape(path: "$", message: "the body must be a JSON object") }
        var walker = RequestWalker(tree: tree, mediaPolicy: policy)
        switch endpoint {
        case .chatCompletions: try walker.openAIChat(tree.root)
        case .responses: try walker.openAIResponses(tree.root)
        case .completions: try walker.tokenFreeRequest(tree.root, textKey: "prompt")
        case .embeddings: try walker.tokenFreeRequest(tree.root, textKey: "input")
        case .messages, .messagesCountTokens: try walker.anthropicMessages(tree.root)
        case .generateContent, .streamGenerateContent, .countTokens, .embedContent: try walker.gemini(tree.root)
        case .other: try walker.generic(tree.root, path: "$")
        }
        leaves = walker.leaves
        media = walker.media
        model = endpoint.pathModel ?? tree.string(tree.root["model"])
        if case .streamGenerateContent = endpoint {
            stream = true
        } else if case .bool(true)? = tree.root["stream"]?.value {
            stream = true
        }
    }
}

/// What to do with images, audio and files, which Tacet cannot scan.
public enum MediaPolicy: String, Sendable, CaseIterable {
    /// Refuse the request with a clear message (the default).
    case refuse
    /// Send them unscanned and record each in the disclosure log as unscanned.
    case pass
}

/// Why a request body is refused before anything is scanned; messages name paths and types,
/// never content.
public enum RequestRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unparsable(JSONSyntaxError)
    case shape(path: String, message: String)
    case media(path: String, kind: String)

    public var description: String {
        switch self {
        case .unparsable(let error): "the request body is not valid JSON: \(error)"
        case .shape(let path, let message): "Tacet cannot read this request at \(path): \(message); it was not sent"
        case .media(let path, let kind):
            "Tacet cannot scan the \(kind) at \(path) and its media policy refuses unscanned content; it was not sent"
        }
    }
}

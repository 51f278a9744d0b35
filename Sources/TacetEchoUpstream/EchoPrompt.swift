/// What an echo answer is built from, read out of a provider request.
struct EchoPrompt: Sendable {
    /// The text parts of the last user turn, concatenated.
    var text: String
    /// The name of the first declared tool, when the request declares any.
    var toolName: String?
    /// True when the conversation ends with a user turn that is not a tool result: then a request
    /// with tools is answered with a tool call.
    var endsWithUserTurn: Bool

    /// The answer text: the echoed prompt.
    var answerText: String { "echo: " + text }

    /// The tool-call arguments as JSON text: `{"echo":<text>}`.
    var toolArgumentsJSON: String { toolArguments.serialized }

    var toolArguments: JSONValue { ["echo": .string(text)] }

    /// The tool to call, if this request is to be answered with a tool call.
    var toolToCall: String? { endsWithUserTurn ? toolName : nil }
}

/// Per-request facts every answer needs besides the prompt.
struct EchoContext: Sendable {
    var model: String
    /// A number unique within this echo server, used to build response ids.
    var serial: Int
    /// Seconds since 1970, for `created` fields.
    var created: Int
    var chunkSize: Int
}

/// A rough token count (4 bytes a token) so usage fields carry plausible numbers.
func estimatedTokens(_ text: String) -> Int { max(1, (text.utf8.count + 3) / 4) }

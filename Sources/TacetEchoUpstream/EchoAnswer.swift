/// An answer in a provider's wire shape, before it is written to the connection.
enum EchoAnswer: Sendable {
    /// One JSON body with a status.
    case json(status: Int, body: JSONValue, headers: [(String, String)] = [])
    /// A streamed body: each frame is written on its own; `firstDelta` is the index of the first
    /// frame carrying answer text, after which a stall or a reset takes effect.
    case stream(contentType: String, frames: [String], firstDelta: Int)
}

/// Server-sent events framing.
enum SSE {
    static func data(_ value: JSONValue) -> String { "data: " + value.serialized + "\n\n" }

    static func event(_ name: String, _ value: JSONValue) -> String {
        "event: " + name + "\ndata: " + value.serialized + "\n\n"
    }

    static let contentType = "text/event-stream"
}

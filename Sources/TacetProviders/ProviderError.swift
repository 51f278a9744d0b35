import TacetCore
import TacetRedact

/// Error bodies in each provider's own shape, so SDKs raise their normal errors for Tacet's
/// refusals. Messages name entity types, JSON paths and causes, never values.
public enum ProviderError {
    /// What Tacet refused and why.
    public struct Refusal: Sendable {
        public var status: Int
        /// `tacet_blocked`, `tacet_media_refused`, `tacet_invalid_request`, `tacet_unavailable`, …
        public var code: String
        public var message: String
        /// For a blocked request: each blocked value's entity and path.
        public var blocked: [(entity: String, path: String)]

        public init(status: Int, code: String, message: String, blocked: [(entity: String, path: String)] = []) {
            self.status = status
            self.code = code
            self.message = message
            self.blocked = blocked
        }

        /// A request the policy blocks.
        public static func blocked(_ detections: [RequestDetection]) -> Refusal {
            let blocked = detections.filter { $0.action == .block }.map { (entity: $0.entity, path: $0.path) }
            let entities = Array(Set(blocked.map(\.entity))).sorted().joined(separator: ", ")
            let paths = Array(Set(blocked.map(\.path))).sorted().joined(separator: ", ")
            return Refusal(
                status: 400, code: "tacet_blocked",
                message: "tacet_blocked: the request holds \(entities) at \(paths), which the policy does not let reach the provider",
                blocked: blocked)
        }

        public static func request(_ refusal: RequestRefusal) -> Refusal {
            switch refusal {
            case .media: Refusal(status: 400, code: "tacet_media_refused", message: refusal.description)
            case .unparsable, .shape: Refusal(status: 400, code: "tacet_invalid_request", message: refusal.description)
            }
        }
    }

    /// The body of `refusal` as `kind` writes errors.
    public static func body(_ refusal: Refusal, kind: ProviderKind) -> [UInt8] {
        var out = ""
        var blocked = "["
        for (index, item) in refusal.blocked.enumerated() {
            if index > 0 { blocked += "," }
            blocked += "{\"entity\":"
            JSONEscaping.appendQuoted(item.entity, to: &blocked)
            blocked += ",\"path\":"
            JSONEscaping.appendQuoted(item.path, to: &blocked)
            blocked += "}"
        }
        blocked += "]"
        switch kind {
        case .openai:
            out += "{\"error\":{\"message\":"
            JSONEscaping.appendQuoted(refusal.message, to: &out)
            out += ",\"type\":\"\(openAIType(refusal.status))\",\"param\":null,\"code\":"
            JSONEscaping.appendQuoted(refusal.code, to: &out)
            out += refusal.blocked.isEmpty ? "}}" : ",\"tacet\":{\"blocked\":\(blocked)}}}"
        case .anthropic:
            out += "{\"type\":\"error\",\"error\":{\"type\":\"\(anthropicType(refusal.status))\",\"message\":"
            JSONEscaping.appendQuoted(refusal.message, to: &out)
            out += "},\"tacet\":{\"code\":"
            JSONEscaping.appendQuoted(refusal.code, to: &out)
            out += refusal.blocked.isEmpty ? "}}" : ",\"blocked\":\(blocked)}}"
        case .gemini:
            out += "{\"error\":{\"code\":\(refusal.status),\"message\":"
            JSONEscaping.appendQuoted(refusal.message, to: &out)
            out += ",\"status\":\"\(googleStatus(refusal.status))\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":"
            JSONEscaping.appendQuoted(refusal.code, to: &out)
            out += ",\"domain\":\"tacet\",\"metadata\":{\"blocked\":"
            JSONEscaping.appendQuoted(blocked, to: &out)
            out += "}}]}}"
        }
        return Array(out.utf8)
    }

    static func openAIType(_ status: Int) -> String {
        switch status {
        case 400..<500: "invalid_request_error"
        default: "server_error"
        }
    }

    static func anthropicType(_ status: Int) -> String {
        switch status {
        case 413: "request_too_large"
        case 404: "not_found_error"
        case 401: "authentication_error"
        case 400..<500: "invalid_request_error"
        case 529, 503: "overloaded_error"
        default: "api_error"
        }
    }

    static func googleStatus(_ status: Int) -> String {
        switch status {
        case 400, 413: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 404: "NOT_FOUND"
        case 408, 504: "DEADLINE_EXCEEDED"
        case 503: "UNAVAILABLE"
        default: "INTERNAL"
        }
    }
}

/// Error answers in each provider's documented shape, so SDKs raise their usual exceptions.
enum ProviderError {
    static func answer(provider: EchoProvider, status: Int, message: String) -> EchoAnswer {
        .json(status: status, body: body(provider: provider, status: status, message: message),
              headers: headers(provider: provider, status: status))
    }

    static func body(provider: EchoProvider, status: Int, message: String) -> JSONValue {
        switch provider {
        case .openAI:
            // https://platform.openai.com/docs/guides/error-codes: {"error": {message, type, param, code}}
            let (type, code): (String, JSONValue) =
                switch status {
                case 401: ("invalid_request_error", "invalid_api_key")
                case 429: ("requests", "rate_limit_exceeded")
                case 500...: ("server_error", nil)
                default: ("invalid_request_error", nil)
                }
            return ["error": ["message": .string(message), "type": .string(type), "param": nil, "code": code]]
        case .anthropic:
            // https://docs.anthropic.com/en/api/errors: {"type": "error", "error": {type, message}}
            let type =
                switch status {
                case 400: "invalid_request_error"
                case 401: "authentication_error"
                case 403: "permission_error"
                case 404: "not_found_error"
                case 413: "request_too_large"
                case 429: "rate_limit_error"
                case 529: "overloaded_error"
                default: "api_error"
                }
            return ["type": "error", "error": ["type": .string(type), "message": .string(message)]]
        case .gemini:
            // Google APIs: {"error": {code, message, status}} with the google.rpc status name.
            let statusName =
                switch status {
                case 400: "INVALID_ARGUMENT"
                case 401: "UNAUTHENTICATED"
                case 403: "PERMISSION_DENIED"
                case 404: "NOT_FOUND"
                case 429: "RESOURCE_EXHAUSTED"
                case 503: "UNAVAILABLE"
                case 504: "DEADLINE_EXCEEDED"
                default: status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION"
                }
            return ["error": ["code": JSONValue(status), "message": .string(message), "status": .string(statusName)]]
        }
    }

    static func headers(provider: EchoProvider, status: Int) -> [(String, String)] {
        guard status == 429 else { return [] }
        var headers = [("retry-after", "7")]
        if provider == .openAI { headers.append(("x-ratelimit-remaining-requests", "0")) }
        return headers
    }
}

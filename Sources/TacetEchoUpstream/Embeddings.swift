/// Embeddings for OpenAI (`…/embeddings`) and Gemini (`:embedContent`, `:batchEmbedContents`):
/// a few floats derived from the text, so equal inputs get equal vectors.
enum Embeddings {
    static func vector(_ text: String) -> [Float] {
        let bytes = Array(text.utf8)
        let sum = bytes.reduce(0) { $0 &+ Int($1) }
        return [Float(bytes.count % 1000) / 1000, Float(sum % 997) / 997, Float(bytes.first ?? 0) / 255, 0.5]
    }

    static func floats(_ vector: [Float]) -> JSONValue { .array(vector.map { .number(Double($0)) }) }

    static func openAI(_ request: JSONValue, _ context: EchoContext) -> EchoAnswer {
        let inputs: [String] =
            switch request["input"] {
            case .string(let text): [text]
            case .array(let items): items.map { $0.stringValue ?? $0.serialized }
            default: []
            }
        // The OpenAI Python SDK asks for base64 (little-endian float32) unless told otherwise.
        let base64 = request["encoding_format"]?.stringValue == "base64"
        let data: [JSONValue] = inputs.enumerated().map { index, text in
            let vector = vector(text)
            let embedding: JSONValue = base64 ? .string(Base64.encode(littleEndianBytes(vector))) : floats(vector)
            return ["object": "embedding", "index": JSONValue(index), "embedding": embedding]
        }
        let tokens = estimatedTokens(inputs.joined())
        return .json(status: 200, body: [
            "object": "list", "data": .array(data), "model": .string(context.model),
            "usage": ["prompt_tokens": JSONValue(tokens), "total_tokens": JSONValue(tokens)],
        ])
    }

    static func gemini(_ request: JSONValue) -> EchoAnswer {
        .json(status: 200, body: ["embedding": ["values": floats(vector(GeminiContent.text(of: request["content"])))]])
    }

    static func geminiBatch(_ request: JSONValue) -> EchoAnswer {
        let requests = request["requests"]?.arrayValue ?? []
        let embeddings = requests.map { JSONValue.object([("values", floats(vector(GeminiContent.text(of: $0["content"]))))]) }
        return .json(status: 200, body: ["embeddings": .array(embeddings)])
    }

    static func littleEndianBytes(_ vector: [Float]) -> [UInt8] {
        vector.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
    }
}

/// Standard base64 with padding (RFC 4648 section 4).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let word = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int(word >> (18 - 6 * UInt32(position)) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

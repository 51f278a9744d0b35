import Foundation
import NIOHTTP1
import Testing

@Suite struct GeminiShapeTests {
    let body = #"{"systemInstruction":{"parts":[{"text":"be brief"}]},"contents":[{"role":"user","parts":[{"text":"earlier"}]},{"role":"model","parts":[{"text":"ok"}]},{"role":"user","parts":[{"text":"Write to <EMAIL_ADDRESS_1> "},{"text":"about café ☕ now"}]}]}"#
    let tools = #","tools":[{"functionDeclarations":[{"name":"send_mail","parameters":{"type":"OBJECT"}}]}]"#

    @Test(arguments: ["/v1beta", "/v1", "/gemini/v1beta"])
    func generateContentEchoesUnderAnyBasePath(base: String) async throws {
        try await EchoClient.with { client in
            let json = try await client.send("\(base)/models/gemini-2.5-flash:generateContent", json: body).json()
            #expect(value(json, "candidates", 0, "content", "parts", 0, "text") as? String == echoed)
            #expect(value(json, "candidates", 0, "content", "role") as? String == "model")
            #expect(value(json, "candidates", 0, "finishReason") as? String == "STOP")
            #expect(json["modelVersion"] as? String == "gemini-2.5-flash")
        }
    }

    @Test func sseStreamSplitsTheText() async throws {
        try await EchoClient.with { client in
            let answer = try await client.send("/v1beta/models/g:streamGenerateContent?alt=sse", json: body)
            #expect(answer.text.contains("\r\n\r\n"), "Gemini ends events with CRLF CRLF")
            let chunks = try SSEEvent.parse(answer.text).map { try $0.json() }
            let pieces = chunks.compactMap { value($0, "candidates", 0, "content", "parts", 0, "text") as? String }
            #expect(pieces.joined() == echoed)
            #expect(!pieces.contains { $0.contains("<EMAIL_ADDRESS_1>") })
            #expect(value(chunks.last, "candidates", 0, "finishReason") as? String == "STOP")
            #expect(chunks.dropLast().allSatisfy { value($0, "candidates", 0, "finishReason") == nil })
        }
    }

    @Test func streamWithoutSSEIsAJSONArray() async throws {
        try await EchoClient.with { client in
            let answer = try await client.send("/v1beta/models/g:streamGenerateContent", json: body)
            let array = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [Any])
            #expect(array.count > 3)
            #expect(array.compactMap { value($0, "candidates", 0, "content", "parts", 0, "text") as? String }.joined() == echoed)
        }
    }

    @Test func functionDeclarationsAreAnsweredWithAFunctionCall() async throws {
        try await EchoClient.with { client in
            let json = try await client.send("/v1beta/models/g:generateContent", json: String(body.dropLast()) + tools + "}").json()
            #expect(value(json, "candidates", 0, "content", "parts", 0, "functionCall", "name") as? String == "send_mail")
            #expect(value(json, "candidates", 0, "content", "parts", 0, "functionCall", "args", "echo") as? String == planted)
            let streamed = try await client.send("/v1beta/models/g:streamGenerateContent?alt=sse", json: String(body.dropLast()) + tools + "}")
            let chunk = try #require(SSEEvent.parse(streamed.text).first).json()
            #expect(value(chunk, "candidates", 0, "content", "parts", 0, "functionCall", "args", "echo") as? String == planted)
        }
    }

    @Test func functionResponseTurnIsAnsweredWithText() async throws {
        try await EchoClient.with { client in
            let turn = #"{"contents":[{"role":"user","parts":[{"text":"q <X_1>"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":{}}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"r":1}}}]}]"#
            let json = try await client.send("/v1beta/models/g:generateContent", json: turn + tools + "}").json()
            #expect(value(json, "candidates", 0, "content", "parts", 0, "text") as? String == "echo: q <X_1>")
        }
    }

    @Test func countTokensAndEmbeddings() async throws {
        try await EchoClient.with { client in
            let count = try await client.send("/v1beta/models/g:countTokens", json: body).json()
            #expect((count["totalTokens"] as? Int ?? 0) > 0)
            let embedding = try await client.send("/v1beta/models/e:embedContent", json: #"{"content":{"parts":[{"text":"a"}]}}"#).json()
            #expect((value(embedding, "embedding", "values") as? [Double])?.count == 4)
            let batch = try await client.send("/v1beta/models/e:batchEmbedContents", json: #"{"requests":[{"content":{"parts":[{"text":"a"}]}},{"content":{"parts":[{"text":"b"}]}}]}"#).json()
            #expect((batch["embeddings"] as? [Any])?.count == 2)
        }
    }
}

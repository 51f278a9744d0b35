import Foundation
import TacetCore
import TacetRedact
import Testing
@testable import TacetProviders

let planted = (
    email: "ana.silva@example.org", token: "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", card: "4111 1111 1111 1111",
    aws: "AKIAQ3EGRJ7WXZ5TKN2B")
let sharedRules = try! RuleSet.defaultRules()

/// Redacts `json` as a request to `endpoint` with the standard policy.
func redactRequest(
    _ json: String, kind: ProviderKind, endpoint: Endpoint, policy: RedactionPolicy = .standard, media: MediaPolicy = .refuse
) throws -> (RedactedRequest, RequestPlan) {
    let tree = try JSONTree(parsing: Array(json.utf8))
    let plan = try RequestPlan(tree: tree, kind: kind, endpoint: endpoint, media: media)
    let redacted = try Redactor(policy: policy).redactRequest(tree, plan: plan, scanner: Scanner(rules: sharedRules)) { entity, _ in
        "digest-of-\(entity)"
    }
    return (redacted, plan)
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

@Suite struct RequestRedactionTests {
    @Test func everyChatStringIsScannedAndOnlyThoseBytesChange() throws {
        let body = """
            {"model": "gpt-4o",  "messages": [
              {"role": "system", "content": "Support for \(planted.email)"},
              {"role": "user", "content": [{"type": "text", "text": "my token is \(planted.token)"}]},
              {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                "function": {"name": "lookup", "arguments": "{\\"card\\": \\"\(planted.card)\\", \\"n\\": 2}"}}]},
              {"role": "tool", "tool_call_id": "call_1", "content": "found \(planted.aws)"}
            ],
            "tools": [{"type": "function", "function": {"name": "lookup", "description": "Mail \(planted.email)",
              "parameters": {"type": "object"}}}]}
            """
        let (redacted, plan) = try redactRequest(body, kind: .openai, endpoint: .chatCompletions)
        let sent = text(redacted.body)
        for value in [planted.email, planted.token, planted.card, planted.aws] { #expect(!sent.contains(value)) }
        #expect(Set(redacted.detections.map(\.path)) == [
            "$.messages[0].content", "$.messages[1].content[0].text",
            "$.messages[2].tool_calls[0].function.arguments.card", "$.messages[3].content",
            "$.tools[0].function.description",
        ])
        #expect(plan.model == "gpt-4o")
        // The arguments are still a JSON document inside a string.
        let sentJSON = try JSONSerialization.jsonObject(with: Data(redacted.body)) as! [String: Any]
        let call = ((sentJSON["messages"] as! [[String: Any]])[2]["tool_calls"] as! [[String: Any]])[0]
        let arguments = (call["function"] as! [String: Any])["arguments"] as! String
        let parsed = try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as! [String: Any]
        #expect(parsed["card"] as? String == "<CREDIT_CARD_1>")
        #expect(parsed["n"] as? Int == 2)
        // Every byte outside the rewritten strings is the same: removing the placeholders'
        // differences leaves the original layout (spacing kept).
        #expect(sent.hasPrefix("{\"model\": \"gpt-4o\",  \"messages\": [\n"))
        #expect(redacted.detections.allSatisfy { $0.digest == "digest-of-\($0.entity)" })
    }

    @Test func aRequestWithoutFindingsIsSentByteForByte() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":"hello \u00e9 there"}]}"#
        let (redacted, _) = try redactRequest(body, kind: .openai, endpoint: .chatCompletions)
        #expect(redacted.body == Array(body.utf8))
        #expect(!redacted.isChanged && redacted.detections.isEmpty)
    }

    @Test func anthropicThinkingPassesUntouchedAndToolBlocksAreScanned() throws {
        let body = """
            {"model": "claude", "system": [{"type": "text", "text": "Owner \(planted.email)"}], "messages": [
              {"role": "assistant", "content": [
                {"type": "thinking", "thinking": "the user mailed \(planted.email)", "signature": "sig"},
                {"type": "tool_use", "id": "toolu_1", "name": "search", "input": {"q": "\(planted.token)"}}]},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1",
                "content": [{"type": "text", "text": "card \(planted.card)"}]}]}]}
            """
        let (redacted, _) = try redactRequest(body, kind: .anthropic, endpoint: .messages)
        let sent = text(redacted.body)
        #expect(sent.contains("\"thinking\": \"the user mailed \(planted.email)\""))
        #expect(!sent.contains(planted.token) && !sent.contains(planted.card))
        #expect(Set(redacted.detections.map(\.path)) == [
            "$.system[0].text", "$.messages[0].content[1].input.q", "$.messages[1].content[0].content[0].text",
        ])
    }

    @Test func geminiContentsSystemInstructionAndFunctionPartsAreScanned() throws {
        let body = """
            {"systemInstruction": {"parts": [{"text": "for \(planted.email)"}]}, "contents": [
              {"role": "user", "parts": [{"text": "key \(planted.aws)"}]},
              {"role": "model", "parts": [{"functionCall": {"name": "f", "args": {"card": "\(planted.card)"}}}]},
              {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {"token": "\(planted.token)"}}}]}]}
            """
        let (redacted, plan) = try redactRequest(body, kind: .gemini, endpoint: .streamGenerateContent(model: "gemini-2.5-flash"))
        #expect(plan.stream && plan.model == "gemini-2.5-flash")
        #expect(Set(redacted.detections.map(\.path)) == [
            "$.systemInstruction.parts[0].text", "$.contents[0].parts[0].text",
            "$.contents[1].parts[0].functionCall.args.card", "$.contents[2].parts[0].functionResponse.response.token",
        ])
    }

    @Test func responsesInputItemsAndInstructionsAreScanned() throws {
        let body = """
            {"model": "gpt-5", "instructions": "Reply to \(planted.email)", "stream": true, "input": [
              {"role": "user", "content": [{"type": "input_text", "text": "token \(planted.token)"}]},
              {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{\\"k\\":\\"\(planted.aws)\\"}"},
              {"type": "function_call_output", "call_id": "c1", "output": "card \(planted.card)"}]}
            """
        let (redacted, plan) = try redactRequest(body, kind: .openai, endpoint: .responses)
        #expect(plan.stream)
        #expect(Set(redacted.detections.map(\.path)) == [
            "$.instructions", "$.input[0].content[0].text", "$.input[1].arguments.k", "$.input[2].output",
        ])
    }

    @Test func embeddingsInputIsScannedAndTokenIdsAreRefused() throws {
        let (redacted, _) = try redactRequest(
            #"{"model":"e","input":["a","mail \#(planted.email)"]}"#, kind: .openai, endpoint: .embeddings)
        #expect(redacted.detections.map(\.path) == ["$.input[1]"])
        #expect(throws: RequestRefusal.shape(path: "$.input", message: "token ids cannot be scanned; send text")) {
            try redactRequest(#"{"model":"e","input":[[1,2,3]]}"#, kind: .openai, endpoint: .embeddings)
        }
    }

    @Test func mediaIsRefusedByDefaultAndPassedUnscannedWhenAllowed() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"see"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}"#
        #expect(throws: RequestRefusal.media(path: "$.messages[0].content[1]", kind: "image")) {
            try redactRequest(body, kind: .openai, endpoint: .chatCompletions)
        }
        let (_, plan) = try redactRequest(body, kind: .openai, endpoint: .chatCompletions, media: .pass)
        #expect(plan.media.map(\.path) == ["$.messages[0].content[1]"])
        #expect(plan.leaves.map(\.path) == ["$.messages[0].content[0].text"])
    }

    @Test func unknownContentShapesAreRefused() {
        #expect(throws: RequestRefusal.shape(path: "$.messages[0].content[0]", message: "unknown content part type \"hologram\"")) {
            try redactRequest(#"{"messages":[{"role":"user","content":[{"type":"hologram","data":"x"}]}]}"#,
                kind: .openai, endpoint: .chatCompletions)
        }
        #expect(throws: RequestRefusal.shape(path: "$.messages[0].content[0]", message: "unknown content block type \"smell\"")) {
            try redactRequest(#"{"messages":[{"role":"user","content":[{"type":"smell"}]}]}"#, kind: .anthropic, endpoint: .messages)
        }
        #expect(throws: RequestRefusal.shape(path: "$.contents[0].parts[0]", message: "unknown part type \"telepathy\"")) {
            try redactRequest(#"{"contents":[{"parts":[{"telepathy":{}}]}]}"#, kind: .gemini, endpoint: .generateContent(model: "g"))
        }
        #expect(throws: RequestRefusal.shape(path: "$", message: "the body must be a JSON object")) {
            try redactRequest("[1]", kind: .openai, endpoint: .chatCompletions)
        }
    }

    @Test func blockingPolicyMarksTheRequestBlockedAndTheErrorNamesNoValue() throws {
        let policy = RedactionPolicy(actions: ["SECRET": .block])
        let body = #"{"model":"m","messages":[{"role":"user","content":"token \#(planted.token) for \#(planted.email)"}]}"#
        let (redacted, _) = try redactRequest(body, kind: .openai, endpoint: .chatCompletions, policy: policy)
        #expect(redacted.isBlocked)
        for kind in ProviderKind.allCases {
            let error = text(ProviderError.body(.blocked(redacted.detections), kind: kind))
            #expect(error.contains("tacet_blocked") && error.contains("SECRET") && error.contains("$.messages[0].content"))
            #expect(!error.contains(planted.token) && !error.contains(planted.email))
            #expect((try? JSONSerialization.jsonObject(with: Data(error.utf8))) != nil)
        }
    }
}

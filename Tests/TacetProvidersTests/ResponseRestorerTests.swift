import Foundation
import TacetCore
import TacetRedact
import Testing
@testable import TacetProviders

/// A map with placeholders for an email and a value holding a quote, as a request would leave.
private func makeMap() -> PlaceholderMap {
    PlaceholderMap(entries: [
        .init(placeholder: Array("<EMAIL_ADDRESS_1>".utf8), entity: "EMAIL_ADDRESS", value: Array(planted.email.utf8)),
        .init(placeholder: Array("<SECRET_1>".utf8), entity: "SECRET", value: Array("pa\"ss\\word".utf8)),
    ])
}

/// `text` cut into pieces of `size` bytes.
private func pieces(_ text: String, _ size: Int) -> [String] {
    let bytes = Array(text.utf8)
    return stride(from: 0, to: bytes.count, by: size).map { String(decoding: bytes[$0..<min($0 + size, bytes.count)], as: UTF8.self) }
}

private func quoted(_ text: String) -> String {
    var out = ""
    JSONEscaping.appendQuoted(text, to: &out)
    return out
}

/// Runs `stream` through a restorer fed `chunkSize` bytes at a time.
private func restore(_ stream: String, kind: ProviderKind, endpoint: Endpoint, chunkSize: Int, contentType: String = "text/event-stream") -> String {
    var restorer = ResponseRestorer(kind: kind, endpoint: endpoint, map: makeMap(), contentType: contentType, streamed: true)
    var output: [UInt8] = []
    let bytes = Array(stream.utf8)
    for start in stride(from: 0, to: bytes.count, by: chunkSize) {
        output += restorer.feed(Array(bytes[start..<min(start + chunkSize, bytes.count)]))
    }
    return String(decoding: output + restorer.finish(), as: UTF8.self)
}

/// The JSON objects of an SSE stream's data lines (`[DONE]` left out).
private func events(_ stream: String) throws -> [[String: Any]] {
    try stream.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") && $0 != "data: [DONE]" }.map {
        try JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8)) as! [String: Any]
    }
}

private let answer = "Write to <EMAIL_ADDRESS_1> with <SECRET_1>; ends with <EMAIL_ADD"
private let restoredAnswer = "Write to \(planted.email) with pa\"ss\\word; ends with <EMAIL_ADD"
private let argumentsJSON = #"{"to": "<EMAIL_ADDRESS_1>", "secret": "<SECRET_1>"}"#

@Suite struct ResponseRestorerTests {
    @Test(arguments: [1, 2, 7, 64, 100_000])
    func openAIChatStreamRestoresEachChannelAcrossEvents(chunkSize: Int) throws {
        var stream = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
        for piece in pieces(answer, 3) {
            stream += "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\(quoted(piece))},\"finish_reason\":null}]}\n\n"
        }
        for (index, piece) in pieces(argumentsJSON, 4).enumerated() {
            let head = index == 0 ? "\"id\":\"call_1\",\"type\":\"function\"," : ""
            stream += "data: {\"id\":\"c1\",\"choices\":[{\"index\":1,\"delta\":{\"tool_calls\":[{\"index\":0,\(head)\"function\":{\"arguments\":\(quoted(piece))}}]},\"finish_reason\":null}]}\n\n"
        }
        stream += "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        stream += "data: {\"id\":\"c1\",\"choices\":[{\"index\":1,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
        stream += "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"total_tokens\":9}}\n\ndata: [DONE]\n\n"

        let output = restore(stream, kind: .openai, endpoint: .chatCompletions, chunkSize: chunkSize)
        var content = "", arguments = ""
        for event in try events(output) {
            for choice in event["choices"] as! [[String: Any]] {
                let delta = choice["delta"] as! [String: Any]
                content += delta["content"] as? String ?? ""
                for call in delta["tool_calls"] as? [[String: Any]] ?? [] {
                    arguments += (call["function"] as! [String: Any])["arguments"] as! String
                }
            }
        }
        #expect(content == restoredAnswer)
        let parsed = try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as! [String: String]
        #expect(parsed == ["to": planted.email, "secret": "pa\"ss\\word"])
        #expect(output.hasSuffix("data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"total_tokens\":9}}\n\ndata: [DONE]\n\n"))
    }

    @Test(arguments: [1, 5, 100_000])
    func anthropicStreamRestoresTextAndToolInputButNotThinking(chunkSize: Int) throws {
        var stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[]}}\n\n"
        stream += "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
        stream += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"<EMAIL_ADDRESS_1>\"}}\n\n"
        stream += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        for piece in pieces(answer, 2) {
            stream += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\(quoted(piece))}}\n\n"
        }
        stream += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
        for piece in pieces(argumentsJSON, 5) {
            stream += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\(quoted(piece))}}\n\n"
        }
        stream += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
        stream += "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"

        let output = restore(stream, kind: .anthropic, endpoint: .messages, chunkSize: chunkSize)
        var text = "", json = "", thinking = ""
        for event in try events(output) {
            guard let delta = event["delta"] as? [String: Any] else { continue }
            text += delta["text"] as? String ?? ""
            json += delta["partial_json"] as? String ?? ""
            thinking += delta["thinking"] as? String ?? ""
        }
        #expect(text == restoredAnswer)
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: String] == ["to": planted.email, "secret": "pa\"ss\\word"])
        #expect(thinking == "<EMAIL_ADDRESS_1>")
        // Every event keeps its `event:` line, and the held text came before the block's end.
        #expect(output.components(separatedBy: "event: content_block_stop").count == 4)
        let lastText = output.range(of: "\"text\":\"<EMAIL_ADD\"")!, blockStop = output.range(of: "\"index\":1}\n\n")!
        #expect(lastText.lowerBound < blockStop.lowerBound)
    }

    @Test(arguments: [1, 9, 100_000])
    func responsesStreamRestoresDeltasAndAggregates(chunkSize: Int) throws {
        var stream = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"r1\",\"output\":[]}}\n\n"
        for piece in pieces(answer, 4) {
            stream += "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"m1\",\"output_index\":0,\"content_index\":0,\"delta\":\(quoted(piece))}\n\n"
        }
        stream += "event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"output_index\":0,\"content_index\":0,\"text\":\(quoted(answer))}\n\n"
        for piece in pieces(argumentsJSON, 6) {
            stream += "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"delta\":\(quoted(piece))}\n\n"
        }
        stream += "event: response.function_call_arguments.done\ndata: {\"type\":\"response.function_call_arguments.done\",\"output_index\":1,\"arguments\":\(quoted(argumentsJSON))}\n\n"
        stream += "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\(quoted(answer))}]},{\"type\":\"function_call\",\"arguments\":\(quoted(argumentsJSON))}]}}\n\n"

        let output = restore(stream, kind: .openai, endpoint: .responses, chunkSize: chunkSize)
        let all = try events(output)
        let deltas = all.filter { $0["type"] as? String == "response.output_text.delta" }.map { $0["delta"] as! String }.joined()
        #expect(deltas == restoredAnswer)
        let argumentDeltas = all.filter { $0["type"] as? String == "response.function_call_arguments.delta" }.map { $0["delta"] as! String }.joined()
        #expect(try JSONSerialization.jsonObject(with: Data(argumentDeltas.utf8)) as! [String: String] == ["to": planted.email, "secret": "pa\"ss\\word"])
        let done = all.first { $0["type"] as? String == "response.output_text.done" }!
        #expect(done["text"] as? String == restoredAnswer)
        let completed = all.last!["response"] as! [String: Any]
        let output0 = (completed["output"] as! [[String: Any]])
        #expect(((output0[0]["content"] as! [[String: Any]])[0]["text"] as! String) == restoredAnswer)
        let completedArguments = output0[1]["arguments"] as! String
        #expect(try JSONSerialization.jsonObject(with: Data(completedArguments.utf8)) as! [String: String] == ["to": planted.email, "secret": "pa\"ss\\word"])
    }

    @Test(arguments: [1, 100_000])
    func geminiStreamRestoresTextAndFunctionArguments(chunkSize: Int) throws {
        var stream = ""
        for piece in pieces(answer, 3) {
            stream += "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \(quoted(piece))}],\"role\": \"model\"},\"index\": 0}]}\r\n\r\n"
        }
        stream += "data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"send\", \"args\": {\"to\": \"<EMAIL_ADDRESS_1>\"}}}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}]}\r\n\r\n"
        let output = restore(stream, kind: .gemini, endpoint: .streamGenerateContent(model: "g"), chunkSize: chunkSize)
        var text = ""
        var args: [String: String] = [:]
        for line in output.components(separatedBy: "\r\n") where line.hasPrefix("data: ") {
            let event = try JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as! [String: Any]
            let parts = ((event["candidates"] as! [[String: Any]])[0]["content"] as! [String: Any])["parts"] as! [[String: Any]]
            for part in parts {
                text += part["text"] as? String ?? ""
                if let call = part["functionCall"] as? [String: Any] { args = call["args"] as! [String: String] }
            }
        }
        #expect(text == restoredAnswer)
        #expect(args == ["to": planted.email])
    }

    @Test func wholeAnswersAreRestoredStringByString() throws {
        let body = #"{"id":"x","choices":[{"message":{"role":"assistant","content":"mail \u003cEMAIL_ADDRESS_1> now","tool_calls":[{"function":{"name":"f","arguments":"{\"s\":\"<SECRET_1>\"}"}}]}}]}"#
        var restorer = ResponseRestorer(kind: .openai, endpoint: .chatCompletions, map: makeMap(), contentType: "application/json", streamed: false)
        let first = restorer.feed(Array(body.utf8.prefix(20)))
        let output = first + restorer.feed(Array(body.utf8.dropFirst(20))) + restorer.finish()
        #expect(first.isEmpty)
        let json = try JSONSerialization.jsonObject(with: Data(output)) as! [String: Any]
        let message = (json["choices"] as! [[String: Any]])[0]["message"] as! [String: Any]
        #expect(message["content"] as? String == "mail \(planted.email) now")
        let arguments = ((message["tool_calls"] as! [[String: Any]])[0]["function"] as! [String: Any])["arguments"] as! String
        #expect(try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as! [String: String] == ["s": "pa\"ss\\word"])
    }

    @Test func anthropicWholeAnswerKeepsThinking() throws {
        let body = #"{"content":[{"type":"thinking","thinking":"<EMAIL_ADDRESS_1>","signature":"s"},{"type":"text","text":"to <EMAIL_ADDRESS_1>"}]}"#
        var restorer = ResponseRestorer(kind: .anthropic, endpoint: .messages, map: makeMap(), contentType: "application/json", streamed: false)
        let output = String(decoding: restorer.feed(Array(body.utf8)) + restorer.finish(), as: UTF8.self)
        #expect(output == #"{"content":[{"type":"thinking","thinking":"<EMAIL_ADDRESS_1>","signature":"s"},{"type":"text","text":"to ana.silva@example.org"}]}"#)
    }

    @Test func anAnswerWithoutIssuedPlaceholdersIsCopied() {
        var restorer = ResponseRestorer(kind: .openai, endpoint: .chatCompletions, map: PlaceholderMap(), contentType: "text/event-stream", streamed: true)
        #expect(restorer.isPassthrough)
        #expect(restorer.feed(Array("data: {\"x\":\"<EMAIL_ADDRESS_1>\"}".utf8)) == Array("data: {\"x\":\"<EMAIL_ADDRESS_1>\"}".utf8))
    }

    @Test func geminiJSONArrayStreamIsRestoredAsJSONText() {
        let stream = #"[{"candidates":[{"content":{"parts":[{"text":"to <EMAIL_ADDRESS_1> and <SECRET_1>"}]}}]}]"#
        let output = restore(stream, kind: .gemini, endpoint: .streamGenerateContent(model: "g"), chunkSize: 3, contentType: "application/json")
        #expect(output == #"[{"candidates":[{"content":{"parts":[{"text":"to ana.silva@example.org and pa\"ss\\word"}]}}]}]"#)
    }
}

@Suite struct ChannelEndTests {
    @Test func aChannelThatOpensAndEndsInOneEventGivesBackWhatItHeld() {
        let map = PlaceholderMap(entries: [
            .init(placeholder: Array("<EMAIL_ADDRESS_1>".utf8), entity: "EMAIL_ADDRESS", value: Array("a@b.org".utf8)),
        ])
        let event = #"data: {"candidates":[{"content":{"parts":[{"text":"ends with <EMAIL_ADD"}]},"finishReason":"STOP","index":0}]}"# + "\n\n"
        var restorer = ResponseRestorer(
            kind: .gemini, endpoint: .streamGenerateContent(model: "g"), map: map, contentType: "text/event-stream", streamed: true)
        let output = String(decoding: restorer.feed(Array(event.utf8)) + restorer.finish(), as: UTF8.self)
        #expect(output == event)
    }
}

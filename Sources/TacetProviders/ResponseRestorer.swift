import TacetCore
import TacetRedact

/// Puts the values of a request's placeholders back into its answer, as the answer arrives.
///
/// - An event stream (`text/event-stream`) is read event by event: each channel's pieces go
///   through their own ``StreamingRestorer`` (JSON-escaping values inside tool-call
///   arguments), and every other string of an event (aggregate events such as
///   `response.completed` hold the whole text) is restored whole. Framing, ids, usage and
///   every byte of an event without a placeholder are kept. A piece that ends in what may be
///   the start of a placeholder is held back until the channel's next piece; at the channel's
///   end what is held is sent in an event shaped like the channel's last one.
/// - Another streamed body (Gemini's JSON array without `alt=sse`) is restored as JSON text.
/// - A whole answer is restored string by string once it has all arrived.
///
/// Anthropic thinking is never restored: it comes back signed in the next request.
public struct ResponseRestorer: Sendable {
    private enum Mode: Sendable {
        case passthrough
        case events(ServerSentEventSplitter)
        case jsonText(StreamingRestorer)
        case document([UInt8])
    }

    private let kind: ProviderKind
    private let endpoint: Endpoint
    private var mode: Mode
    private let textRestorer: StreamingRestorer
    private let jsonRestorer: StreamingRestorer
    private var channels: [String: Channel] = [:]
    /// Channel names in the order they opened, so the end of the stream flushes them in order.
    private var channelOrder: [String] = []

    private struct Channel: Sendable {
        var restorer: StreamingRestorer
        /// The channel's last event and its piece: the shape of a flushing event.
        var template: (event: ServerSentEvent, tree: JSONTree, contents: Range<Int>)?
    }

    /// - Parameters:
    ///   - contentType: the upstream answer's `Content-Type`.
    ///   - streamed: whether the request asked for a streamed answer.
    public init(kind: ProviderKind, endpoint: Endpoint, map: PlaceholderMap, contentType: String?, streamed: Bool) {
        self.kind = kind
        self.endpoint = endpoint
        textRestorer = StreamingRestorer(map: map)
        jsonRestorer = textRestorer.writingValues(jsonEscaped: true)
        if map.isEmpty {
            mode = .passthrough
        } else if contentType?.lowercased().contains("text/event-stream") == true {
            mode = .events(ServerSentEventSplitter())
        } else if streamed {
            mode = .jsonText(jsonRestorer)
        } else {
            mode = .document([])
        }
    }

    /// Whether nothing needs restoring: the answer can be copied as it comes.
    public var isPassthrough: Bool { if case .passthrough = mode { true } else { false } }

    /// Feeds the next bytes of the answer; returns what can be sent to the client now.
    public mutating func feed(_ bytes: [UInt8]) -> [UInt8] {
        switch mode {
        case .passthrough: return bytes
        case .events(var splitter):
            let events = splitter.feed(bytes)
            mode = .events(splitter)
            var output: [UInt8] = []
            for event in events { output += restore(ServerSentEvent(raw: event)) }
            return output
        case .jsonText(var restorer):
            let output = restorer.feed(bytes)
            mode = .jsonText(restorer)
            return output
        case .document(let buffer):
            mode = .document(buffer + bytes)
            return []
        }
    }

    /// Ends the answer: returns the rest.
    public mutating func finish() -> [UInt8] {
        switch mode {
        case .passthrough: return []
        case .events(var splitter):
            let rest = splitter.finish()
            mode = .events(splitter)
            var output = rest.isEmpty ? [] : restore(ServerSentEvent(raw: rest))
            output += flush(channelOrder)
            return output
        case .jsonText(var restorer):
            mode = .passthrough
            return restorer.finish()
        case .document(let buffer):
            mode = .passthrough
            // Not JSON after all: restore it as JSON text.
            guard let tree = try? JSONTree(parsing: buffer) else { return restoreText(buffer) }
            let edits = restoreStrings(tree, skipping: [])
            return edits.isEmpty ? buffer : tree.replacing(edits)
        }
    }

    // MARK: Events

    private mutating func restore(_ event: ServerSentEvent) -> [UInt8] {
        guard let data = event.data else { return event.raw }
        guard let tree = try? JSONTree(parsing: data) else {
            // `[DONE]` ends OpenAI streams: whatever is held goes out first.
            if data == Array("[DONE]".utf8) { return flush(channelOrder) + event.raw }
            return event.raw
        }
        let plan = StreamEventPlan(kind: kind, endpoint: endpoint, tree: tree)
        let closing = plan.closesAll ? channelOrder : channelOrder.filter { name in
            plan.closes.contains { StreamEventPlan.channel(name, isUnder: $0) }
        }
        // Closing channels without a piece in this event flush in events of their own, first.
        var output = flush(closing.filter { name in !plan.deltas.contains { $0.channel == name } })
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        for delta in plan.deltas {
            if channels[delta.channel] == nil {
                channels[delta.channel] = Channel(restorer: delta.isJSON ? jsonRestorer : textRestorer)
                channelOrder.append(delta.channel)
            }
            let piece = tree.decodedBytes(delta.contents)
            var restored = channels[delta.channel]!.restorer.feed(piece)
            if closing.contains(delta.channel) {
                restored += channels[delta.channel]!.restorer.finish()
                close(delta.channel)
            } else {
                channels[delta.channel]!.template = (event, tree, delta.contents)
            }
            if restored != piece { edits.append((delta.contents, JSONEscaping.escape(restored))) }
        }
        edits += restoreStrings(tree, skipping: Set(plan.deltas.map(\.contents.lowerBound)))
        output += edits.isEmpty ? event.raw : event.replacingData(tree.replacing(edits))
        return output
    }

    /// Ends `names`: what each holds goes out in a copy of its last event.
    private mutating func flush(_ names: [String]) -> [UInt8] {
        var output: [UInt8] = []
        for name in names {
            guard var channel = channels[name] else { continue }
            let held = channel.restorer.finish()
            close(name)
            guard !held.isEmpty, let template = channel.template else { continue }
            output += template.event.replacingData(template.tree.replacing([(template.contents, JSONEscaping.escape(held))]))
        }
        return output
    }

    private mutating func close(_ name: String) {
        channels[name] = nil
        channelOrder.removeAll { $0 == name }
    }

    // MARK: Whole strings

    /// Edits restoring every string of `tree` that holds a whole placeholder, but those that
    /// start at `skipping` and Anthropic thinking; strings named `arguments` or
    /// `partial_json` hold JSON, so their values are escaped twice.
    private func restoreStrings(_ tree: JSONTree, skipping: Set<Int>) -> [(range: Range<Int>, bytes: [UInt8])] {
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        var text = textRestorer, json = jsonRestorer
        func visit(_ node: JSONTree.Node, key: String?) {
            switch node.value {
            case .string(let contents):
                guard !skipping.contains(contents.lowerBound) else { return }
                let raw = tree.bytes[contents]
                let holdsJSON = key == "arguments" || key == "partial_json"
                if !holdsJSON, !raw.contains(0x5C) {
                    // Without escapes the raw bytes are the text: restore them as they are,
                    // writing values JSON-escaped.
                    guard json.mayHoldPlaceholder(raw) else { return }
                    let restored = json.feed(raw) + json.finish()
                    if restored.count != raw.count || !restored.elementsEqual(raw) { edits.append((contents, restored)) }
                    return
                }
                let decoded = tree.decodedBytes(contents)
                guard text.mayHoldPlaceholder(decoded) else { return }
                let restored = holdsJSON ? json.feed(decoded) + json.finish() : text.feed(decoded) + text.finish()
                if restored != decoded { edits.append((contents, JSONEscaping.escape(restored))) }
            case .object(let members):
                if kind == .anthropic, let type = tree.string(node["type"]), Self.anthropicSigned.contains(type) { return }
                for member in members { visit(member.value, key: member.key) }
            case .array(let elements):
                for element in elements { visit(element, key: key) }
            case .number, .bool, .null: break
            }
        }
        visit(tree.root, key: nil)
        return edits
    }

    /// Anthropic blocks and deltas that are signed and must stay as the model wrote them.
    static let anthropicSigned: Set<String> = ["thinking", "redacted_thinking", "thinking_delta", "signature_delta"]

    private func restoreText(_ bytes: [UInt8]) -> [UInt8] {
        var restorer = jsonRestorer
        return restorer.feed(bytes) + restorer.finish()
    }
}

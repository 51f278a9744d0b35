import TacetCore
import TacetRedact

/// One value found in a request: what it was, which rule found it, what was done and where,
/// and a keyed digest of it (for the disclosure log); never the value.
public struct RequestDetection: Sendable, Equatable {
    public var entity: String
    public var ruleID: String
    public var action: RedactionAction
    /// JSON path of the string; inside tool-call arguments, the path continues into them
    /// (`$.messages[1].tool_calls[0].function.arguments.query`).
    public var path: String
    public var digest: String

    public init(entity: String, ruleID: String, action: RedactionAction, path: String, digest: String) {
        self.entity = entity
        self.ruleID = ruleID
        self.action = action
        self.path = path
        self.digest = digest
    }
}

/// A request body redacted by its ``RequestPlan``.
public struct RedactedRequest {
    /// The body to send upstream: the original bytes but for the rewritten strings.
    public var body: [UInt8]
    public var detections: [RequestDetection]
    /// The placeholders issued, for restoring the answer.
    public var session: RedactionSession
    /// Whether the policy blocks a detected value: nothing may be sent.
    public var isBlocked: Bool { detections.contains { $0.action == .block } }
    public var isChanged: Bool
}

extension Redactor {
    /// Scans each string the plan lists and redacts the values found, leaving every other byte
    /// of the body as it was. Every string of the body is reserved before any placeholder is
    /// issued. `digest(entity, value)` turns each value into the log's keyed digest; the value
    /// itself is not kept.
    public func redactRequest(
        _ tree: JSONTree, plan: RequestPlan, scanner: TacetCore.Scanner, digest: (String, [UInt8]) -> String
    ) throws -> RedactedRequest {
        let session = makeSession()
        reserveStrings(of: tree, in: session)
        var detections: [RequestDetection] = []
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        for leaf in plan.leaves {
            let decoded = tree.decodedBytes(leaf.contents)
            let replacement: [UInt8]?
            if leaf.kind == .embeddedJSON, let inner = try? JSONTree(parsing: decoded) {
                replacement = try redactEmbedded(inner, path: leaf.path, scanner: scanner, session: session, digest: digest, into: &detections)
                    .map { JSONEscaping.escape($0) }
            } else {
                replacement = try redactString(
                    decoded, raw: tree.bytes[leaf.contents], path: leaf.path, scanner: scanner, session: session,
                    digest: digest, into: &detections)
            }
            if let replacement { edits.append((leaf.contents, replacement)) }
        }
        let body = edits.isEmpty ? tree.bytes : tree.replacing(edits)
        return RedactedRequest(body: body, detections: detections, session: session, isChanged: !edits.isEmpty)
    }

    /// The JSON document inside a string (tool-call arguments), its strings redacted; `nil`
    /// when none changed.
    private func redactEmbedded(
        _ inner: JSONTree, path: String, scanner: TacetCore.Scanner, session: RedactionSession,
        digest: (String, [UInt8]) -> String, into detections: inout [RequestDetection]
    ) throws -> [UInt8]? {
        reserveStrings(of: inner, in: session)
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        try forEachString(inner.root, path: path) { contents, innerPath in
            if let replacement = try redactString(
                inner.decodedBytes(contents), raw: inner.bytes[contents], path: innerPath, scanner: scanner,
                session: session, digest: digest, into: &detections)
            {
                edits.append((contents, replacement))
            }
        }
        return edits.isEmpty ? nil : inner.replacing(edits)
    }

    /// The new raw contents of one string, or `nil` when nothing in it changes.
    private func redactString(
        _ decoded: [UInt8], raw: ArraySlice<UInt8>, path: String, scanner: TacetCore.Scanner, session: RedactionSession,
        digest: (String, [UInt8]) -> String, into detections: inout [RequestDetection]
    ) throws -> [UInt8]? {
        let findings = scanner.scan(decoded)
        guard !findings.isEmpty else { return nil }
        let result = try redact(decoded, findings: findings, in: session)
        for detection in result.detections {
            detections.append(RequestDetection(
                entity: detection.entity, ruleID: detection.ruleID, action: detection.action, path: path,
                digest: digest(detection.entity, Array(decoded[detection.span]))))
        }
        guard result.bytes != decoded else { return nil }
        return raw.withUnsafeBytes { result.jsonStringContents(replacing: $0) }
    }

    /// Reserves every string of `tree`, keys included.
    private func reserveStrings(of tree: JSONTree, in session: RedactionSession) {
        func visit(_ node: JSONTree.Node) {
            switch node.value {
            case .string(let contents): session.reserve(tree.decodedBytes(contents))
            case .object(let members):
                for member in members {
                    session.reserve(tree.decodedBytes(member.keyRange))
                    visit(member.value)
                }
            case .array(let elements): elements.forEach(visit)
            case .number, .bool, .null: break
            }
        }
        visit(tree.root)
    }
}

/// Calls `body` with the raw contents and path of every string value under `node`, in order.
func forEachString<E: Error>(
    _ node: JSONTree.Node, path: String, _ body: (Range<Int>, String) throws(E) -> Void
) throws(E) {
    switch node.value {
    case .string(let contents): try body(contents, path)
    case .object(let members):
        for member in members { try forEachString(member.value, path: path + JSONTree.member(member.key), body) }
    case .array(let elements):
        for (index, element) in elements.enumerated() { try forEachString(element, path: path + "[\(index)]", body) }
    case .number, .bool, .null: break
    }
}

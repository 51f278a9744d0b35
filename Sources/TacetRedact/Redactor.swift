import Crypto
import TacetCore

/// Applies a ``RedactionPolicy`` to text and the scanner's findings in it.
///
/// ```swift
/// let scanner = Scanner(rules: try RuleSet.defaultRules())
/// let redactor = Redactor(policy: .standard)
/// let session = redactor.makeSession()
/// let text = "mail ana@example.org"
/// let result = try redactor.redact(text, findings: scanner.scan(text), in: session)
/// result.text                         // "mail <EMAIL_ADDRESS_1>"
/// StreamingRestorer.restore(result.text, with: session.map)   // the original
/// ```
///
/// For a payload of several parts (the string leaves of a JSON body), use one session for all
/// of them and ``RedactionSession/reserve(_:)`` every part before redacting the first.
/// Raw values are kept only in the session's ``PlaceholderMap``; results and detections hold
/// placeholders, entities, rule ids and offsets.
public struct Redactor: Sendable {
    public let policy: RedactionPolicy
    let hashKey: [UInt8]?

    /// - Parameter hashKey: the key of `hash` pseudonyms (at least 16 bytes); needed only when
    ///   the policy hashes something.
    public init(policy: RedactionPolicy = .standard, hashKey: [UInt8]? = nil) {
        self.policy = policy
        self.hashKey = hashKey
    }

    /// A new request-scoped session with this redactor's placeholder format and hash key.
    public func makeSession() -> RedactionSession {
        RedactionSession(format: policy.placeholderFormat, hashKey: hashKey.map { SymmetricKey(data: $0) })
    }

    /// The result of redacting one text.
    public struct Result: Sendable {
        public var bytes: [UInt8]
        public var text: String { String(decoding: bytes, as: UTF8.self) }
        /// In order of offset; one per value (overlapping findings make one).
        public var detections: [Detection]
        /// Each replaced span of the input and where its replacement is in ``bytes``, in order.
        var edits: [(input: Range<Int>, output: Range<Int>)] = []
        /// Whether a value's action is `block`: the caller must refuse the payload. The blocked
        /// values are replaced by placeholders in ``bytes`` all the same.
        public var isBlocked: Bool { detections.contains { $0.action == .block } }
    }

    /// Redacts `text`, whose findings (in any order) came from scanning exactly these bytes.
    public func redact(_ text: String, findings: [Finding], in session: RedactionSession) throws -> Result {
        try redact(Array(text.utf8), findings: findings, in: session)
    }

    public func redact(_ bytes: [UInt8], findings: [Finding], in session: RedactionSession) throws -> Result {
        let writer = RedactionWriter(policy: policy, session: session, stopsAtBlock: false, recordsEdits: true)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        let sorted = findings.sorted { ($0.start, $0.end, $0.rule.index) < ($1.start, $1.end, $1.rule.index) }
        try bytes.withUnsafeBytes { buffer in
            try writer.write(buffer, base: 0, owned: 0..<buffer.count, findings: sorted, atEnd: true) { output += $0 }
        }
        return Result(bytes: output, detections: writer.detections, edits: writer.edits)
    }
}


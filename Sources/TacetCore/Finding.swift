/// One thing the scanner found: which rule, where, and the value.
///
/// Offsets are byte offsets in the scanned input (`end` exclusive); line and column are 1-based,
/// the column counted in Unicode scalars from the line start.
public struct Finding: Sendable {
    public let rule: Rule
    /// The input's path; `nil` for a memory buffer, `-` for standard input.
    public var path: String?
    /// The secret's span: the secret group's when the rule has one, else the whole match.
    public var start: Int
    public var end: Int
    /// The whole regex match, which may include context such as `password=`.
    public var matchStart: Int
    public var matchEnd: Int
    public var line: Int
    public var column: Int
    /// The secret, decoded as UTF-8 with invalid bytes replaced.
    public var value: String
    /// Shannon entropy of the secret in bits per byte.
    public var entropy: Double

    public var confidence: Double { rule.definition.confidence }

    /// A stable identifier from the rule and the value only, so it survives the line moving and
    /// a new value on the same line gets a new one. See ``Fingerprint``.
    public var fingerprint: String { Fingerprint.make(ruleID: rule.id, value: value) }
}

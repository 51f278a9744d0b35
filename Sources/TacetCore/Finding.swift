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
    // Narrow storage keeps a finding within 96 bytes (ScannerTests.findingStaysSmall).
    private var entropyStorage: Float
    private var confidenceTenThousandths: UInt16

    /// Shannon entropy of the secret in bits per byte (stored as a `Float`).
    public var entropy: Double {
        get { Double(entropyStorage) }
        set { entropyStorage = Float(newValue) }
    }

    /// How sure the scanner is, 0...1, to four decimals: the rule's `confidence`, raised by its
    /// `contextBoost` when one of its context words is near the match.
    public var confidence: Double {
        get { Double(confidenceTenThousandths) / 10_000 }
        set { confidenceTenThousandths = UInt16((min(1, max(0, newValue)) * 10_000).rounded()) }
    }

    init(
        rule: Rule, path: String?, start: Int, end: Int, matchStart: Int, matchEnd: Int, line: Int, column: Int,
        value: String, entropy: Double, confidence: Double
    ) {
        self.rule = rule
        self.path = path
        self.start = start
        self.end = end
        self.matchStart = matchStart
        self.matchEnd = matchEnd
        self.line = line
        self.column = column
        self.value = value
        entropyStorage = Float(entropy)
        confidenceTenThousandths = 0
        self.confidence = confidence
    }

    /// A stable identifier from the rule and the value only, so it survives the line moving and
    /// a new value on the same line gets a new one. See ``Fingerprint``.
    public var fingerprint: String { Fingerprint.make(ruleID: rule.id, value: value) }
}

/// One rule as written in a TOML rule file: the gitleaks fields plus Tacet's own.
///
/// A definition is plain data; ``RuleSet`` compiles definitions into matchers. Field names
/// follow the TOML keys (gitleaks' camelCase), so a `.gitleaks.toml` reads unchanged.
public struct RuleDefinition: Sendable, Equatable {
    // gitleaks fields
    public var id: String
    public var description: String?
    /// PCRE2 pattern; `nil` for a rule that matches file paths only.
    public var regex: String?
    /// The capture group that holds the secret; `nil` means "the first group that matched,
    /// or the whole match when the pattern has no groups" (gitleaks' rule).
    public var secretGroup: Int?
    /// Minimum Shannon entropy (bits per byte) the secret must exceed.
    public var entropy: Double?
    /// Case-insensitive literals, one of which must occur near a match (the prefilter).
    public var keywords: [String]
    /// PCRE2 pattern on the file path: the rule applies only to matching paths.
    public var path: String?
    public var tags: [String]
    public var allowlists: [Allowlist]

    // Tacet fields
    public var category: RuleCategory
    /// Presidio-style entity name (`EMAIL_ADDRESS`, `CREDIT_CARD`, …); secrets use `SECRET`.
    public var entity: String
    public var validate: [ValidatorKind]
    public var severity: Severity
    /// Finding confidence in 0...1.
    public var confidence: Double
    /// The cheap candidate finder for a rule without keywords (see ``Prefilter``).
    public var prefilter: Prefilter?
    /// With the `digits` prefilter: runs with fewer digits than this are not candidates.
    public var minDigits: Int
    /// The longest match this rule can produce, in bytes; bounds the confirm window and
    /// the overlap between chunks. Matches longer than this are not found.
    public var maxLength: Int
    /// Strings that must produce a finding of this rule.
    public var examples: [String]
    /// Strings that must not.
    public var counterexamples: [String]
    /// The file the rule was read from, for error messages.
    public var source: String?

    public static let defaultMaxLength = 512

    public init(
        id: String, description: String? = nil, regex: String? = nil, secretGroup: Int? = nil,
        entropy: Double? = nil, keywords: [String] = [], path: String? = nil, tags: [String] = [],
        allowlists: [Allowlist] = [], category: RuleCategory = .secret, entity: String = "SECRET",
        validate: [ValidatorKind] = [], severity: Severity? = nil, confidence: Double = 0.8,
        prefilter: Prefilter? = nil, minDigits: Int = 1, maxLength: Int = RuleDefinition.defaultMaxLength,
        examples: [String] = [], counterexamples: [String] = [], source: String? = nil
    ) {
        self.id = id
        self.description = description
        self.regex = regex
        self.secretGroup = secretGroup
        self.entropy = entropy
        self.keywords = keywords
        self.path = path
        self.tags = tags
        self.allowlists = allowlists
        self.category = category
        self.entity = entity
        self.validate = validate
        self.severity = severity ?? category.defaultSeverity
        self.confidence = confidence
        self.prefilter = prefilter
        self.minDigits = minDigits
        self.maxLength = maxLength
        self.examples = examples
        self.counterexamples = counterexamples
        self.source = source
    }
}

public enum RuleCategory: String, Sendable, Equatable, CaseIterable {
    case secret, pii

    /// The severity of a rule that does not give one.
    public var defaultSeverity: Severity { self == .secret ? .high : .medium }
}

public enum Severity: String, Sendable, Equatable, CaseIterable, Comparable {
    case low, medium, high, critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A check run on the secret after the regex matched; a failing check drops the candidate.
public enum ValidatorKind: String, Sendable, Equatable, CaseIterable {
    /// Luhn mod-10 over the digits (cards, Canadian SIN).
    case luhn
    /// IBAN: country length and ISO 7064 mod-97.
    case iban
    /// US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000.
    case usSSN = "us_ssn"
    /// A dotted-quad IPv4 address with octets 0...255 and no leading zeros.
    case ipv4
    /// An IPv6 address per RFC 4291 text forms (with `::` and embedded IPv4).
    case ipv6
    /// GitHub's and npm's token checksum: the last six characters are the base-62 CRC-32 of
    /// the random part between the prefix's `_` and them.
    case base62CRC32 = "base62_crc32"
}

/// The dedicated candidate finder of a rule that has no natural keyword.
///
/// Each kind is a cheap hand-written pass over the bytes (no regex) that reports candidate
/// spans; the rule's regex then confirms in a window around each span. Like the keyword trie,
/// a prefilter may report false candidates but must never miss a real match of its shape.
public enum Prefilter: String, Sendable, Equatable, CaseIterable {
    /// Every `@` byte (email addresses).
    case at
    /// Runs of digits split by at most two spaces, dashes, dots, slashes or parentheses in a
    /// row, with a leading `+` or `(`, with at least the rule's `minDigits` digits (cards, phones, SSNs, IPv4).
    case digits
    /// Two capital letters and two digits at the start of a word, then letters, digits and
    /// single spaces (IBANs).
    case iban
    /// Runs of hex digits joined by `:` or `-` with at least two separators (IPv6, MAC).
    case hexSeparated = "hex-separated"

    /// Position in `allCases`, for tables indexed by kind.
    var position: Int {
        switch self {
        case .at: 0
        case .digits: 1
        case .iban: 2
        case .hexSeparated: 3
        }
    }
}

/// Findings an allowlist drops, gitleaks' semantics: with `condition = "OR"` (the default) a
/// finding is dropped when any listed check holds; with `"AND"`, when every listed check holds.
public struct Allowlist: Sendable, Equatable {
    public enum Condition: String, Sendable, Equatable { case or = "OR", and = "AND" }
    /// What `regexes` are matched against.
    public enum RegexTarget: String, Sendable, Equatable, CaseIterable { case secret, match, line }

    public var description: String?
    public var condition: Condition
    public var regexes: [String]
    public var regexTarget: RegexTarget
    /// Case-insensitive substrings of the secret.
    public var stopwords: [String]
    /// PCRE2 patterns on the file path.
    public var paths: [String]
    /// Commit SHAs (used by git scans).
    public var commits: [String]
    /// For a global allowlist: the rule ids it applies to (empty: all rules).
    public var targetRules: [String]

    public init(
        description: String? = nil, condition: Condition = .or, regexes: [String] = [],
        regexTarget: RegexTarget = .secret, stopwords: [String] = [], paths: [String] = [],
        commits: [String] = [], targetRules: [String] = []
    ) {
        self.description = description
        self.condition = condition
        self.regexes = regexes
        self.regexTarget = regexTarget
        self.stopwords = stopwords
        self.paths = paths
        self.commits = commits
        self.targetRules = targetRules
    }
}

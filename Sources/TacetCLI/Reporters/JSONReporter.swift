import TacetCore

/// JSON (`--format json`: one array, an object per line of it) and JSON Lines (`--format jsonl`:
/// one object per line, nothing else).
///
/// Each finding is an object with these keys, in this order. This is a contract: keys are only
/// ever added, never renamed or removed.
///
/// | key | type | meaning |
/// | --- | --- | --- |
/// | `rule` | string | rule id |
/// | `entity` | string | `EMAIL_ADDRESS`, `SECRET`, … |
/// | `category` | string | `secret` or `pii` |
/// | `severity` | string | `low`, `medium`, `high` or `critical` |
/// | `path` | string | as reported, `-` for standard input |
/// | `line` | int | 1-based; 0 for a finding about the whole file (a file-name rule) |
/// | `column` | int | 1-based, in Unicode scalars; 0 with `line` 0 |
/// | `start` | int | byte offset of the value in the input |
/// | `end` | int | byte offset just past the value (exclusive) |
/// | `value` | string | the value; masked (see ``ValueMask``) under `--redact` |
/// | `fingerprint` | string | 32 hex digits, from the rule and the value only |
/// | `confidence` | number | the finding's confidence, 0…1: the rule's, raised when context words are near |
/// | `entropy` | number | Shannon entropy of the value in bits per byte, 3 decimals |
/// | `description` | string or null | the rule's description |
/// | `decoded` | string | only for a value found inside an encoded segment: how it was decoded (`base64`, `hex`, `percent-encoding`, or a chain such as `base64 > hex`); `start`/`end`/`line` are the segment's |
/// | `commit`, `author`, `email`, `date` | string | with `--git` only: the commit that introduced the value, its author and author date (ISO 8601) |
struct JSONReporter: Reporter {
    /// JSON Lines rather than one array.
    var lines: Bool
    var redact: Bool
    private var count = 0

    init(lines: Bool, redact: Bool) {
        self.lines = lines
        self.redact = redact
    }

    func begin() -> String { lines ? "" : "[" }

    mutating func report(_ finding: Finding, origin: FindingOrigin) -> String {
        let object = Self.object(for: finding, origin: origin, redact: redact)
        if lines { return object.compact + "\n" }
        count += 1
        return (count == 1 ? "\n  " : ",\n  ") + object.pretty(level: 1)
    }

    func end() -> String { lines ? "" : (count == 0 ? "]\n" : "\n]\n") }

    static func object(for finding: Finding, origin: FindingOrigin = FindingOrigin(), redact: Bool) -> JSONValue {
        let definition = finding.rule.definition
        var pairs: [(String, JSONValue)] = [
            ("rule", .string(finding.rule.id)),
            ("entity", .string(finding.rule.entity)),
            ("category", .string(finding.rule.category.rawValue)),
            ("severity", .string(definition.severity.rawValue)),
            ("path", .string(finding.reportedPath)),
            ("line", .int(finding.line)),
            ("column", .int(finding.column)),
            ("start", .int(finding.start)),
            ("end", .int(finding.end)),
            ("value", .string(redact ? ValueMask.mask(finding.value) : finding.value)),
            ("fingerprint", .string(finding.fingerprint)),
            ("confidence", .double(finding.confidence)),
            ("entropy", .double((finding.entropy * 1000).rounded() / 1000)),
            ("description", definition.description.map(JSONValue.string) ?? .null),
        ]
        if let decoded = origin.decoded { pairs.append(("decoded", .string(decoded))) }
        if let commit = origin.commit {
            pairs += [
                ("commit", .string(commit.id)), ("author", .string(commit.author)), ("email", .string(commit.email)),
                ("date", .string(commit.date)),
            ]
        }
        return .object(pairs)
    }
}

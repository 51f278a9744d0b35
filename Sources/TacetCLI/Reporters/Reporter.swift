import TacetCore

/// Turns findings into one output format. The scan writes what each call returns, in order:
/// `begin()` once, `report(_:)` per finding, `end()` once; a reporter never matches anything.
protocol Reporter {
    mutating func begin() -> String
    mutating func report(_ finding: Finding, origin: FindingOrigin) -> String
    mutating func end() -> String
}

extension Reporter {
    /// A finding in a file on disk or standard input.
    mutating func report(_ finding: Finding) -> String { report(finding, origin: FindingOrigin()) }
}

/// What a report says about a finding beyond the finding itself.
struct FindingOrigin: Sendable {
    /// In a repository's history (`--git`): the commit that introduced the value.
    var commit: GitCommit? = nil
    /// For a value found inside an encoded segment: the decodings, such as `base64` or
    /// `base64 > hex`; the finding's span is the encoded segment's.
    var decoded: String? = nil
}

/// How values are hidden in output: the text format always, the machine formats under `--redact`.
enum ValueMask {
    static let marker = "*****"

    /// At most the first four characters of a value longer than eight, then `*****` whatever
    /// the length (so the mask does not tell it); an empty value (a file-name rule's) stays empty.
    static func mask(_ value: String) -> String {
        guard !value.isEmpty else { return "" }
        return (value.count > 8 ? String(value.prefix(4)) : "") + marker
    }
}

extension Finding {
    /// The path as reported; the scanner always has one here (`-` for standard input).
    var reportedPath: String { path ?? "-" }

    /// Whether the finding is about a file as a whole (a path-only rule): it has no line.
    var isFileLevel: Bool { line == 0 }
}

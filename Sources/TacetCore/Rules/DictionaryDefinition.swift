/// An organisation's word list, as written in a `[[dictionaries]]` table: employee names,
/// customer ids, internal host names, project code names. Each entry is found where it stands
/// as a whole word (or words), and reported as `entity` under the dictionary's `id`.
public struct DictionaryDefinition: Sendable, Equatable {
    public var id: String
    public var description: String?
    public var entity: String
    public var category: RuleCategory
    public var severity: Severity
    public var confidence: Double
    /// `false` (the default) compares ASCII letters without regard to case.
    public var caseSensitive: Bool
    /// The entries: the inline `words`, then the lines of the file `path` names.
    public var words: [String]
    /// `path`: a UTF-8 file of entries, one per line (blank lines and lines starting with `#`
    /// skipped), relative to the rule file's folder. The loader reads it into ``words``.
    public var path: String?
    /// The file the dictionary was read from, for error messages.
    public var source: String?

    public init(
        id: String, description: String? = nil, entity: String, category: RuleCategory = .pii,
        severity: Severity? = nil, confidence: Double = 0.9, caseSensitive: Bool = false,
        words: [String] = [], path: String? = nil, source: String? = nil
    ) {
        self.id = id
        self.description = description
        self.entity = entity
        self.category = category
        self.severity = severity ?? category.defaultSeverity
        self.confidence = confidence
        self.caseSensitive = caseSensitive
        self.words = words
        self.path = path
        self.source = source
    }

    /// The entries of a word-list file: one per line, without surrounding spaces, tabs or
    /// carriage returns; blank lines and `#` comments skipped. Works on the UTF-8 bytes, so a
    /// list of millions of entries loads in well under a second.
    public static func entries(inWordList text: String) -> [String] {
        var entries: [String] = []
        var text = text
        text.withUTF8 { bytes in
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var start = lineStart, end = lineEnd
                while start < end && isSpace(bytes[start]) { start += 1 }
                while end > start && isSpace(bytes[end - 1]) { end -= 1 }
                if start < end && bytes[start] != UInt8(ascii: "#") {
                    entries.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
                lineStart = lineEnd + 1
            }
        }
        return entries
    }

    /// The rule its findings carry: no regex, tagged `dictionary`, as long as its longest entry.
    var ruleDefinition: RuleDefinition {
        RuleDefinition(
            id: id, description: description ?? "Dictionary \(id)", tags: ["dictionary"], category: category,
            entity: entity, severity: severity, confidence: confidence,
            maxLength: max(1, words.map(\.utf8.count).max() ?? 1), source: source)
    }
}

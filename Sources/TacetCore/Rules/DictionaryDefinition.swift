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

    /// The entries of a word-list file: one per line, trimmed; blank lines and `#` comments skipped.
    public static func entries(inWordList text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let entry = line.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
            return entry.isEmpty || entry.first == "#" ? nil : String(entry)
        }
    }

    /// The rule its findings carry: no regex, tagged `dictionary`, as long as its longest entry.
    var ruleDefinition: RuleDefinition {
        RuleDefinition(
            id: id, description: description ?? "Dictionary \(id)", tags: ["dictionary"], category: category,
            entity: entity, severity: severity, confidence: confidence,
            maxLength: max(1, words.map(\.utf8.count).max() ?? 1), source: source)
    }
}

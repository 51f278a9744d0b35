import TOMLKit

extension RuleConfig {
    /// Parses one rule file: the gitleaks v8 schema plus Tacet's rule keys.
    ///
    /// The result holds this file alone: `[extend]` is recorded, not resolved (``RuleLoader``
    /// resolves it), and a rule may lack both `regex` and `path`, since it may override a rule
    /// of the same id in a base. Keys are matched ignoring case, as gitleaks does. Unknown keys
    /// are not errors (gitleaks ignores them, and any `.gitleaks.toml` must load) but each
    /// becomes one of ``warnings``. gitleaks' "unset" values keep their meaning: `secretGroup = 0`
    /// and `entropy = 0` read as `nil`, an empty `regex` or `path` as none.
    ///
    /// - Parameters:
    ///   - toml: the text of the file.
    ///   - file: how errors and warnings name the file.
    /// - Throws: ``RuleLoadError`` for a TOML syntax error (with line and column), a value of the
    ///   wrong type or out of range, a missing or repeated rule id, or an allowlist with no check;
    ///   it names the file, the rule (or `rule #N`) and the key.
    public init(toml: String, file: String) throws(RuleLoadError) {
        self = try RuleFile(toml: toml, file: file).config
    }
}

/// The keys of a `[[rules]]` table; the ones a rule writes decide what it overrides in a base.
enum RuleKey: String, CaseIterable {
    case id, description, regex, secretGroup, entropy, keywords, path, tags, allowlist, allowlists
    case category, entity, validate, severity, confidence, prefilter, minDigits, maxLength, examples, counterexamples
    case context, contextRequired, contextVeto, contextWindow, contextBoost
}

/// One parsed rule file and, per rule id, the keys that rule wrote.
struct RuleFile {
    let name: String
    var config: RuleConfig
    let writtenKeys: [String: Set<RuleKey>]

    init(toml: String, file: String) throws(RuleLoadError) {
        name = file
        let root: TOMLTable
        do {
            root = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            throw RuleLoadError(
                file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: error.description)
        } catch {
            throw RuleLoadError(file: file, message: "\(error)")
        }
        var parser = RuleFileParser(file: file)
        var top = try TOMLTableReader(root, file: file, location: nil)
        var config = RuleConfig(title: try top.string("title"), description: try top.string("description"))
        if let table = try top.table("extend") {
            config.extend = try parser.extend(table)
        }
        var writtenKeys: [String: Set<RuleKey>] = [:]
        var numbers: [String: Int] = [:]
        for (index, table) in try (top.tables("rules") ?? []).enumerated() {
            let (rule, keys) = try parser.rule(table, number: index + 1)
            if let first = numbers[rule.id] {
                throw RuleLoadError(
                    file: file, location: "rule #\(index + 1)", key: "id",
                    message: "repeats \"\(rule.id)\", the id of rule #\(first)")
            }
            numbers[rule.id] = index + 1
            writtenKeys[rule.id] = keys
            config.rules.append(rule)
        }
        // gitleaks before 8.21 wrote one global `[allowlist]`; it adds to `[[allowlists]]`.
        if let table = try top.table("allowlist") {
            config.allowlists.append(try parser.allowlist(table, location: "allowlist", global: true))
        }
        for (index, table) in try (top.tables("allowlists") ?? []).enumerated() {
            config.allowlists.append(try parser.allowlist(table, location: "allowlist #\(index + 1)", global: true))
        }
        for (index, table) in try (top.tables("dictionaries") ?? []).enumerated() {
            let dictionary = try parser.dictionary(table, number: index + 1)
            if let first = config.dictionaries.firstIndex(where: { $0.id == dictionary.id }) {
                throw RuleLoadError(
                    file: file, location: "dictionary #\(index + 1)", key: "id",
                    message: "repeats \"\(dictionary.id)\", the id of dictionary #\(first + 1)")
            }
            config.dictionaries.append(dictionary)
        }
        config.warnings = top.unknownKeyWarnings() + parser.warnings
        self.config = config
        self.writtenKeys = writtenKeys
    }
}

/// Reads the tables of one rule file, collecting warnings as it goes.
private struct RuleFileParser {
    let file: String
    var warnings: [String] = []

    mutating func extend(_ table: TOMLTable) throws(RuleLoadError) -> RuleConfig.Extend {
        var reader = try TOMLTableReader(table, file: file, location: "[extend]")
        let extend = RuleConfig.Extend(
            useDefault: try reader.bool("useDefault"),
            path: try reader.string("path").flatMap { $0.isEmpty ? nil : $0 },
            disabledRules: try reader.strings("disabledRules") ?? [])
        warnings += reader.unknownKeyWarnings()
        return extend
    }

    mutating func rule(_ table: TOMLTable, number: Int) throws(RuleLoadError) -> (RuleDefinition, Set<RuleKey>) {
        var reader = try TOMLTableReader(table, file: file, location: "rule #\(number)")
        guard let id = try reader.string("id") else { throw reader.error("id", "is missing") }
        guard !id.allSatisfy(\.isWhitespace) else { throw reader.error("id", "must not be empty") }
        let location = "rule \"\(id)\""
        reader.location = location

        var rule = RuleDefinition(id: id, source: file)
        rule.description = try reader.string("description")
        rule.regex = try reader.string("regex").flatMap { $0.isEmpty ? nil : $0 }
        if let group = try reader.int("secretGroup") {
            guard group >= 0 else { throw reader.error("secretGroup", "must be 0 or more, found \(group)") }
            rule.secretGroup = group == 0 ? nil : group
        }
        if let entropy = try reader.number("entropy") {
            guard entropy >= 0 else { throw reader.error("entropy", "must be 0 or more, found \(entropy)") }
            rule.entropy = entropy == 0 ? nil : entropy
        }
        rule.keywords = try reader.strings("keywords") ?? []
        rule.path = try reader.string("path").flatMap { $0.isEmpty ? nil : $0 }
        rule.tags = try reader.strings("tags") ?? []
        // gitleaks before 8.21 wrote one `[rules.allowlist]`; it adds to `[[rules.allowlists]]`.
        if let table = try reader.table("allowlist") {
            rule.allowlists.append(try allowlist(table, location: "\(location), allowlist", global: false))
        }
        for (index, table) in try (reader.tables("allowlists") ?? []).enumerated() {
            rule.allowlists.append(
                try allowlist(table, location: "\(location), allowlist #\(index + 1)", global: false))
        }

        rule.category = try reader.choice("category", RuleCategory.self) ?? .secret
        if let entity = try reader.string("entity") {
            guard !entity.isEmpty else { throw reader.error("entity", "must not be empty") }
            rule.entity = entity
        }
        rule.validate = try reader.choices("validate", ValidatorKind.self) ?? []
        rule.severity = try reader.choice("severity", Severity.self) ?? rule.category.defaultSeverity
        if let confidence = try reader.number("confidence") {
            guard (0...1).contains(confidence) else {
                throw reader.error("confidence", "must be between 0 and 1, found \(confidence)")
            }
            rule.confidence = confidence
        }
        rule.prefilter = try reader.choice("prefilter", Prefilter.self)
        if let minDigits = try reader.int("minDigits") {
            guard minDigits > 0 else { throw reader.error("minDigits", "must be positive, found \(minDigits)") }
            rule.minDigits = minDigits
        }
        if let maxLength = try reader.int("maxLength") {
            guard maxLength > 0 else { throw reader.error("maxLength", "must be positive, found \(maxLength)") }
            rule.maxLength = maxLength
        }
        try readContext(into: &rule, &reader)
        rule.examples = try reader.strings("examples") ?? []
        rule.counterexamples = try reader.strings("counterexamples") ?? []

        warnings += reader.unknownKeyWarnings()
        return (rule, Set(RuleKey.allCases.filter { reader.has($0.rawValue) }))
    }

    /// The context keys; whether `contextRequired` has words to require is checked when the
    /// rule is compiled, since an override may add them.
    private func readContext(into rule: inout RuleDefinition, _ reader: inout TOMLTableReader) throws(RuleLoadError) {
        for key in ["context", "contextVeto"] {
            guard let words = try reader.strings(key) else { continue }
            if let bad = words.first(where: { !ContextWords.isValid($0) }) {
                throw reader.error(key, "has \"\(bad)\": a context word needs a letter or digit and no control characters")
            }
            if key == "context" { rule.context = words } else { rule.contextVeto = words }
        }
        rule.contextRequired = try reader.bool("contextRequired") ?? false
        if let window = try reader.int("contextWindow") {
            guard (1...RuleDefinition.maxContextWindow).contains(window) else {
                throw reader.error(
                    "contextWindow", "must be between 1 and \(RuleDefinition.maxContextWindow) bytes, found \(window)")
            }
            rule.contextWindow = window
        }
        if let boost = try reader.number("contextBoost") {
            guard (0...1).contains(boost) else {
                throw reader.error("contextBoost", "must be between 0 and 1, found \(boost)")
            }
            rule.contextBoost = boost
        }
    }

    /// A `[[dictionaries]]` table. Its `path` is kept as written; the loader reads the file.
    mutating func dictionary(_ table: TOMLTable, number: Int) throws(RuleLoadError) -> DictionaryDefinition {
        var reader = try TOMLTableReader(table, file: file, location: "dictionary #\(number)")
        guard let id = try reader.string("id") else { throw reader.error("id", "is missing") }
        guard !id.allSatisfy(\.isWhitespace) else { throw reader.error("id", "must not be empty") }
        reader.location = "dictionary \"\(id)\""
        guard let entity = try reader.string("entity"), !entity.isEmpty else {
            throw reader.error("entity", "is missing: name what the entries are, e.g. PERSON")
        }
        let category = try reader.choice("category", RuleCategory.self) ?? .pii
        var dictionary = DictionaryDefinition(
            id: id, description: try reader.string("description"), entity: entity, category: category,
            severity: try reader.choice("severity", Severity.self), caseSensitive: try reader.bool("caseSensitive") ?? false,
            words: try reader.strings("words") ?? [], path: try reader.string("path").flatMap { $0.isEmpty ? nil : $0 },
            source: file)
        if let confidence = try reader.number("confidence") {
            guard (0...1).contains(confidence) else {
                throw reader.error("confidence", "must be between 0 and 1, found \(confidence)")
            }
            dictionary.confidence = confidence
        }
        guard !dictionary.words.isEmpty || dictionary.path != nil else {
            throw reader.error("words", "is missing: give `words` or a word-list `path`")
        }
        warnings += reader.unknownKeyWarnings()
        return dictionary
    }

    /// A rule's or a global allowlist; only a global one takes `targetRules`.
    mutating func allowlist(_ table: TOMLTable, location: String, global: Bool) throws(RuleLoadError) -> Allowlist {
        var reader = try TOMLTableReader(table, file: file, location: location)
        var allowlist = Allowlist(description: try reader.string("description"))
        if let condition = try reader.string("condition") {
            switch condition.uppercased() {
            case "OR", "||": allowlist.condition = .or
            case "AND", "&&": allowlist.condition = .and
            default: throw reader.error("condition", "must be \"OR\" or \"AND\", found \"\(condition)\"")
            }
        }
        allowlist.regexTarget = try reader.choice("regexTarget", Allowlist.RegexTarget.self) ?? .secret
        allowlist.regexes = try reader.strings("regexes") ?? []
        allowlist.stopwords = try reader.strings("stopwords") ?? []
        allowlist.paths = try reader.strings("paths") ?? []
        allowlist.commits = try reader.strings("commits") ?? []
        if global {
            allowlist.targetRules = try reader.strings("targetRules") ?? []
        }
        if allowlist.regexes.isEmpty && allowlist.stopwords.isEmpty && allowlist.paths.isEmpty
            && allowlist.commits.isEmpty
        {
            throw reader.error(nil, "needs at least one of \"commits\", \"paths\", \"regexes\" or \"stopwords\"")
        }
        warnings += reader.unknownKeyWarnings()
        return allowlist
    }
}

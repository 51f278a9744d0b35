/// A rule compiled for matching: its definition, its PCRE2 patterns and its allowlists.
/// Immutable and shared by every scanner of a ``RuleSet``.
public final class Rule: Sendable {
    public let definition: RuleDefinition
    /// Position in ``RuleSet/rules``.
    public let index: Int
    let pattern: PCRE2Pattern?
    let pathPattern: PCRE2Pattern?
    let allowlists: [CompiledAllowlist]

    public var id: String { definition.id }
    public var entity: String { definition.entity }
    public var category: RuleCategory { definition.category }

    init(_ definition: RuleDefinition, index: Int) throws(RuleSetError) {
        func compile(_ pattern: String, _ key: String) throws(RuleSetError) -> PCRE2Pattern {
            do {
                return try PCRE2Pattern(pattern)
            } catch {
                throw RuleSetError(file: definition.source, ruleID: definition.id, message: "\(key): \(error)")
            }
        }
        guard definition.regex != nil || definition.path != nil else {
            throw RuleSetError(file: definition.source, ruleID: definition.id, message: "a rule needs a regex or a path")
        }
        guard definition.maxLength > 0 else {
            throw RuleSetError(file: definition.source, ruleID: definition.id, message: "maxLength must be positive")
        }
        self.definition = definition
        self.index = index
        pattern = try definition.regex.map { pattern throws(RuleSetError) in try compile(pattern, "regex") }
        pathPattern = try definition.path.map { pattern throws(RuleSetError) in try compile(pattern, "path") }
        if let group = definition.secretGroup, group > (pattern?.captureCount ?? 0) {
            throw RuleSetError(
                file: definition.source, ruleID: definition.id,
                message: "secretGroup \(group) but the regex has \(pattern?.captureCount ?? 0) groups")
        }
        var allowlists: [CompiledAllowlist] = []
        for (position, allowlist) in definition.allowlists.enumerated() {
            do {
                allowlists.append(try CompiledAllowlist(allowlist))
            } catch {
                throw RuleSetError(
                    file: definition.source, ruleID: definition.id,
                    message: "allowlist \(position + 1): \(error)")
            }
        }
        self.allowlists = allowlists
    }

    /// The rule a dictionary's findings carry: it has no pattern; ``RuleSet`` matches its
    /// entries with a ``WordTrie``.
    init(dictionary: DictionaryDefinition, index: Int) {
        definition = dictionary.ruleDefinition
        self.index = index
        pattern = nil
        pathPattern = nil
        allowlists = []
    }
}

/// A rule file that cannot be used, with where: the file, the rule id and what is wrong.
public struct RuleSetError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String?
    public var ruleID: String?
    public var message: String

    public var description: String {
        var place: [String] = []
        if let file { place.append(file) }
        if let ruleID { place.append("rule \"\(ruleID)\"") }
        return (place + [message]).joined(separator: ": ")
    }
}

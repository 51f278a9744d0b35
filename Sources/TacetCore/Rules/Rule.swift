/// A rule compiled for matching: its definition, its PCRE2 patterns and its allowlists.
/// Immutable and shared by every scanner of a ``RuleSet``.
public final class Rule: Sendable {
    public let definition: RuleDefinition
    /// Position in ``RuleSet/rules``.
    public let index: Int
    let pattern: PCRE2Pattern?
    let pathPattern: PCRE2Pattern?
    let allowlists: [CompiledAllowlist]
    /// The rule's `context` and `contextVeto` words; `nil` when it has neither.
    let context: RuleContext?

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
        guard !definition.contextRequired || !definition.context.isEmpty else {
            throw RuleSetError(
                file: definition.source, ruleID: definition.id, message: "contextRequired needs context words")
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
        context = RuleContext(definition)
    }

    /// The rule a dictionary's findings carry: it has no pattern; ``RuleSet`` matches its
    /// entries with a ``WordTrie``.
    init(dictionary: DictionaryDefinition, index: Int) {
        definition = dictionary.ruleDefinition
        self.index = index
        pattern = nil
        pathPattern = nil
        allowlists = []
        context = nil
    }
}

/// What a rule looks for around a confirmed match: words that confirm or boost it, and words
/// that veto it. A class, so reading it from a rule costs one retain.
final class RuleContext: Sendable {
    let words: ContextWords
    let veto: ContextWords
    let required: Bool
    let window: Int
    let boost: Double

    init?(_ definition: RuleDefinition) {
        guard !definition.context.isEmpty || !definition.contextVeto.isEmpty else { return nil }
        words = ContextWords(definition.context)
        veto = ContextWords(definition.contextVeto)
        required = definition.contextRequired
        window = definition.contextWindow
        boost = definition.contextBoost
    }

    /// The confidence of a match at `match` whose rule says `base`, or `nil` when a veto word
    /// qualifies it or a required context word is not near it. Veto words qualify what follows
    /// them in the same sentence ("order 612345678", "sha1 digest 0x…", "5 Example Street"),
    /// so they are looked for from the sentence's start (within the window) to the match's
    /// end: in "Order 1048576 shipped. Card 4111 …" the card is still a card.
    func confidence(base: Double, match: Range<Int>, in buffer: UnsafeRawBufferPointer) -> Double? {
        let start = max(0, match.lowerBound - window)
        if !veto.isEmpty, veto.occurs(in: buffer, range: Self.sentenceStart(before: match.lowerBound, from: start, in: buffer)..<match.upperBound) {
            return nil
        }
        guard !words.isEmpty else { return base }
        let around = start..<min(buffer.count, match.upperBound + window)
        if words.occurs(in: buffer, range: around) { return min(1, base + boost) }
        return required ? nil : base
    }

    /// Just after the last line break or sentence end (`.`, `!` or `?` and a blank) in
    /// `floor..<end`, or `floor` when there is none.
    private static func sentenceStart(before end: Int, from floor: Int, in buffer: UnsafeRawBufferPointer) -> Int {
        var position = end
        while position > floor {
            let byte = buffer[position - 1]
            if byte == 0x0A { return position }
            if (byte == 0x20 || byte == 0x09) && position - 2 >= floor,
               [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?")].contains(buffer[position - 2]) {
                return position
            }
            position -= 1
        }
        return floor
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

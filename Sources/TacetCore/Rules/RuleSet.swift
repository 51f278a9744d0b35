/// Compiled rules plus the prefilters that find their candidates: built once, then shared by
/// every ``Scanner`` (one per thread).
public struct RuleSet: Sendable {
    public let rules: [Rule]
    let globalAllowlists: [CompiledAllowlist]
    /// Every distinct (lowercased) keyword of every rule.
    let trie: KeywordTrie
    /// For keyword index k: the rules it triggers, `keywordTriggers[keywordTriggerStart[k] ..<
    /// keywordTriggerStart[k + 1]]`. Flat arrays of plain values keep the scanner's hit loop
    /// free of reference counting.
    let keywordTriggerStart: [Int]
    let keywordTriggers: [RuleTrigger]
    /// Keyword lengths, by keyword index.
    let keywordLengths: [Int]
    /// For each prefilter kind k (by ``Prefilter/position``): its rules,
    /// `prefilterTriggers[prefilterTriggerStart[k] ..< prefilterTriggerStart[k + 1]]`.
    let prefilterTriggerStart: [Int]
    let prefilterTriggers: [RuleTrigger]
    /// Rules with a regex but neither keywords nor a prefilter: their regex runs on everything.
    let unfilteredRules: [Int]
    /// Rules with a `path` pattern: path-only rules, and rules that apply to some paths only.
    let rulesWithPathPattern: [Int]
    /// By rule index: tagged `generic`, so its findings yield to a specific rule's on the same bytes.
    let isGeneric: [Bool]
    /// The most capture groups of any rule or allowlist pattern.
    let maxGroups: Int
    /// The organisation dictionaries' entries: one trie for those compared ignoring case, one
    /// for the case-sensitive ones (either may be absent).
    let dictionaryTries: [WordTrie]
    /// The longest match any rule can produce plus the context it reads either side of it: the
    /// overlap between chunks.
    public let maxMatchLength: Int
    /// How far before a scanned region's start the keyword search begins, so a context word
    /// used as a keyword is found before a match at the region's start.
    let keywordLookbehind: Int

    /// Compiles `config`'s rules and global allowlists.
    ///
    /// - Throws: ``RuleSetError`` naming the file, the rule and PCRE2's message and offset.
    public init(_ config: RuleConfig) throws(RuleSetError) {
        var rules: [Rule] = []
        var seen: Set<String> = []
        for definition in config.rules {
            guard seen.insert(definition.id).inserted else {
                throw RuleSetError(file: definition.source, ruleID: definition.id, message: "duplicate rule id")
            }
            rules.append(try Rule(definition, index: rules.count))
        }
        var dictionaryEntries: [Bool: [(word: String, value: Int32)]] = [:]
        for dictionary in config.dictionaries {
            guard seen.insert(dictionary.id).inserted else {
                throw RuleSetError(file: dictionary.source, ruleID: dictionary.id, message: "a rule or dictionary already has this id")
            }
            guard !dictionary.words.isEmpty else {
                throw RuleSetError(file: dictionary.source, ruleID: dictionary.id, message: "the dictionary has no entries")
            }
            let value = Int32(rules.count)
            dictionaryEntries[dictionary.caseSensitive, default: []] += dictionary.words.map { ($0, value) }
            rules.append(Rule(dictionary: dictionary, index: rules.count))
        }
        dictionaryTries = dictionaryEntries.sorted { !$0.key && $1.key }.map { WordTrie($0.value, foldsCase: !$0.key) }
        var globals: [CompiledAllowlist] = []
        for (position, allowlist) in config.allowlists.enumerated() {
            do {
                globals.append(try CompiledAllowlist(allowlist))
            } catch {
                throw RuleSetError(file: nil, ruleID: nil, message: "global allowlist \(position + 1): \(error)")
            }
        }

        var keywordIndex: [String: Int] = [:]
        var rulesByKeyword: [[Int]] = []
        var rulesByPrefilter = [[Int]](repeating: [], count: Prefilter.allCases.count)
        var unfiltered: [Int] = []
        for rule in rules {
            let definition = rule.definition
            guard rule.pattern != nil else { continue }
            let keywords = Set(definition.keywords.map { $0.lowercased() }.filter { !$0.isEmpty })
            if !keywords.isEmpty {
                for keyword in keywords.sorted() {
                    let k = keywordIndex[keyword] ?? {
                        keywordIndex[keyword] = rulesByKeyword.count
                        rulesByKeyword.append([])
                        return rulesByKeyword.count - 1
                    }()
                    rulesByKeyword[k].append(rule.index)
                }
            } else if let prefilter = definition.prefilter {
                rulesByPrefilter[prefilter.position].append(rule.index)
            } else {
                unfiltered.append(rule.index)
            }
        }
        let keywords = keywordIndex.sorted { $0.value < $1.value }.map(\.key)
        let trigger = { (index: Int) in
            let definition = rules[index].definition
            return RuleTrigger(
                rule: index, maxLength: definition.keywords.isEmpty ? definition.maxLength : definition.reach,
                minDigits: definition.prefilter == .digits ? definition.minDigits : 0)
        }

        self.rules = rules
        isGeneric = rules.map { $0.definition.tags.contains(RuleSet.genericTag) }
        globalAllowlists = globals
        trie = KeywordTrie(keywords)
        let starts = { (lists: [[Int]]) in lists.reduce(into: [0]) { starts, list in starts.append(starts.last! + list.count) } }
        keywordTriggers = rulesByKeyword.flatMap { $0.map(trigger) }
        keywordTriggerStart = starts(rulesByKeyword)
        keywordLengths = keywords.map(\.utf8.count)
        prefilterTriggers = rulesByPrefilter.flatMap { $0.map(trigger) }
        prefilterTriggerStart = starts(rulesByPrefilter)
        unfilteredRules = unfiltered
        rulesWithPathPattern = rules.filter { $0.pathPattern != nil }.map(\.index)
        let allowlistGroups = (globals + rules.flatMap(\.allowlists)).flatMap { $0.regexes + $0.paths }
        maxGroups = (rules.compactMap { $0.pattern?.captureCount } + allowlistGroups.map(\.captureCount)).max() ?? 0
        maxMatchLength = rules.map(\.definition.reach).max() ?? RuleDefinition.defaultMaxLength
        keywordLookbehind = rules.filter { $0.context != nil && !$0.definition.keywords.isEmpty }
            .map(\.definition.contextWindow).max() ?? 0
    }

    /// The tag of catch-all rules (`password = …`, `Bearer …`): when such a rule and a specific
    /// one find overlapping values, only the specific finding is kept, as gitleaks does for its
    /// generic rule.
    public static let genericTag = "generic"

    /// The rule with this id.
    public func rule(id: String) -> Rule? { rules.first { $0.id == id } }

    /// Rules whose regex runs on every byte because they have neither keywords nor a prefilter;
    /// they are correct but slow, and the CLI warns about them.
    public var rulesWithoutPrefilter: [Rule] { unfilteredRules.map { rules[$0] } }
}

/// What a prefilter hit needs to know about the rule it triggers.
struct RuleTrigger: Sendable {
    var rule: Int
    var maxLength: Int
    var minDigits: Int
}

extension RuleSet {
    /// The rules that prefilter `kind` serves.
    func triggers(of kind: Prefilter) -> ArraySlice<RuleTrigger> {
        prefilterTriggers[prefilterTriggerStart[kind.position]..<prefilterTriggerStart[kind.position + 1]]
    }
}

extension RuleSet {
    /// The embedded default pack (`rules/*.toml`), compiled.
    ///
    /// - Throws: ``RuleLoadError`` or ``RuleSetError``; neither happens with a released pack,
    ///   whose every rule the test suite compiles.
    public static func defaultRules() throws -> RuleSet {
        try RuleSet(RuleLoader.load([], defaults: DefaultRulePack.sources))
    }
}

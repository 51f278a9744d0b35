import Testing
@testable import TacetCore

/// Every rule of the default pack proves itself with its own examples and counterexamples.
@Suite struct RulePackTests {
    static let config = try! RuleLoader.load([], defaults: DefaultRulePack.sources)
    static let rules = try! RuleSet(config)
    static let ruleIDs = rules.rules.map(\.id)

    /// Each example is found by its rule, and the whole pack reports what it finds there,
    /// though when two rules find the same value the pack reports it once, under the rule
    /// the scanner prefers (see `Scanner.repeatsABetterFinding`).
    @Test(arguments: ruleIDs)
    func examplesMatchAndCounterexamplesDoNot(_ id: String) throws {
        let rule = try #require(Self.rules.rule(id: id))
        let alone = Scanner(rules: try RuleSet(RuleConfig(rules: [rule.definition], allowlists: Self.config.allowlists)))
        let scanner = Scanner(rules: Self.rules)
        #expect(rule.definition.examples.count >= 3, "a rule needs examples")
        #expect(rule.definition.counterexamples.count >= 3, "a rule needs counterexamples")
        for example in rule.definition.examples {
            let found = alone.scan(example)
            #expect(!found.isEmpty, "example not found: \(example)")
            let reported = scanner.scan(example)
            for finding in found {
                #expect(reported.contains { ($0.start, $0.end, $0.rule.entity) == (finding.start, finding.end, finding.rule.entity) }
                    || rule.definition.tags.contains(RuleSet.genericTag),
                    "the pack does not report what the rule finds in: \(example)")
            }
        }
        for counterexample in rule.definition.counterexamples {
            #expect(!scanner.scan(counterexample).contains { $0.rule.id == id }, "counterexample found: \(counterexample)")
        }
    }

    /// The prefilter cannot hide an example: each holds one of its rule's keywords.
    @Test(arguments: ruleIDs)
    func examplesContainAKeyword(_ id: String) throws {
        let rule = try #require(Self.rules.rule(id: id))
        let keywords = rule.definition.keywords.map { $0.lowercased() }
        guard !keywords.isEmpty else {
            #expect(rule.definition.prefilter != nil, "a rule without keywords needs a prefilter")
            return
        }
        for example in rule.definition.examples {
            #expect(keywords.contains { example.lowercased().contains($0) }, "no keyword in: \(example)")
        }
    }

    /// What the trie and prefilters find on every example and counterexample equals what the
    /// regexes alone find on the whole text.
    @Test func prefiltersAgreeWithRegexesOnThePack() {
        let text = Self.rules.rules.flatMap { $0.definition.examples + $0.definition.counterexamples }.joined(separator: "\n")
        let reference = Scanner(rules: Self.rules)
        reference.bypassesPrefilters = true
        expectSame(Scanner(rules: Self.rules).scan(text), reference.scan(text))
    }

    @Test func defaultPackHasTheStarterCoverage() {
        let entities = Set(Self.rules.rules.map(\.entity))
        for entity in ["EMAIL_ADDRESS", "IP_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "PHONE_NUMBER", "MAC_ADDRESS", "SECRET"] {
            #expect(entities.contains(entity), "no rule for \(entity)")
        }
    }
}

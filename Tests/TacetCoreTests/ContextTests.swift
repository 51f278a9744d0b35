import Testing
@testable import TacetCore

/// Context words: required, boosting and veto words near a confirmed match, and the confidence
/// each finding carries.
@Suite struct ContextTests {
    /// A nine-digit id that needs "ssn" or "social security" nearby, and one that is only boosted
    /// by them and vetoed by "order".
    static func rules(window: Int = 24) throws -> RuleSet {
        try RuleSet(RuleConfig(rules: [
            RuleDefinition(
                id: "needs-context", regex: #"(?<![0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9])"#,
                keywords: ["ssn", "social"], category: .pii, entity: "US_SSN", confidence: 0.5,
                maxLength: 11, context: ["ssn", "social security"], contextRequired: true, contextWindow: window),
            RuleDefinition(
                id: "boosted", regex: #"(?<![0-9])[0-9]{9}(?![0-9])"#, category: .pii, entity: "ID", confidence: 0.4,
                prefilter: .digits, minDigits: 9, maxLength: 9, context: ["member id", "member"],
                contextVeto: ["order"], contextWindow: window, contextBoost: 0.3),
        ]))
    }

    static func findings(_ text: String, window: Int = 24) throws -> [(String, String, Double)] {
        try Scanner(rules: rules(window: window)).scan(text).map { ($0.rule.id, $0.value, $0.confidence) }
    }

    @Test func requiredContextKeepsOnlyMatchesNearAWord() throws {
        #expect(try Self.findings("SSN: 536-22-8147").map(\.1) == ["536-22-8147"])
        #expect(try Self.findings("call 536-22-8147 now").isEmpty)
        // After the match counts too; a phrase matches across `_`, `-` and several blanks.
        #expect(try Self.findings("536-22-8147 (Social  Security)").count == 1)
        #expect(try Self.findings("\"social_security\": \"536-22-8147\"").count == 1)
    }

    @Test func contextWordsMatchWholeWordsIgnoringASCIICase() throws {
        #expect(try Self.findings("user_ssn=536-22-8147").count == 1)
        #expect(try Self.findings("SsN#536-22-8147").count == 1)
        #expect(try Self.findings("lessness 536-22-8147").isEmpty)
        #expect(try Self.findings("ssns 536-22-8147").isEmpty)
        #expect(try Self.findings("éssn 536-22-8147").isEmpty)  // a letter before, even non-ASCII
    }

    @Test func wordsOutsideTheWindowDoNotCount() throws {
        let far = "ssn " + String(repeating: ".", count: 30) + " 536-22-8147"
        #expect(try Self.findings(far, window: 24).isEmpty)
        #expect(try Self.findings(far, window: 40).count == 1)
        // A word cut by the window's edge does not count.
        let cut = "ssn" + String(repeating: " ", count: 22) + "536-22-8147"
        #expect(try Self.findings(cut, window: 24).isEmpty)
        #expect(try Self.findings(cut, window: 25).count == 1)
    }

    @Test func contextRaisesConfidenceAndVetoDrops() throws {
        let plain = try Self.findings("id 123456789")
        #expect(plain.map(\.0) == ["boosted"] && plain.map(\.2) == [0.4])
        let boosted = try Self.findings("Member ID: 123456789")
        #expect(boosted.map(\.2) == [0.7])
        #expect(try Self.findings("order 123456789").isEmpty)
        #expect(try Self.findings("order: member 123456789").isEmpty)
        // A veto word after the value, or in the sentence before, belongs to another phrase.
        #expect(try Self.findings("member 123456789. Order shipped").map(\.2) == [0.7])
        #expect(try Self.findings("Order shipped. Member 123456789").map(\.2) == [0.7])
        #expect(try Self.findings("Order shipped\nmember 123456789").map(\.2) == [0.7])
        #expect(try Self.findings("member 123456789 ordered").map(\.2) == [0.7])
    }

    @Test func confidenceIsCappedAtOne() throws {
        let rules = try RuleSet(RuleConfig(rules: [
            RuleDefinition(
                id: "r", regex: "x[0-9]{4}", keywords: ["x"], confidence: 0.9, maxLength: 5, context: ["code"],
                contextBoost: 0.5)
        ]))
        #expect(Scanner(rules: rules).scan("code x1234").map(\.confidence) == [1])
    }

    /// A context word that is the rule's keyword is found before a match at a chunk's start, and
    /// a window reaching past a chunk's end sees the next chunk: streamed equals whole.
    @Test(arguments: [1, 5, 31])
    func streamingSeesContextAcrossChunks(sliceSize: Int) throws {
        let rules = try Self.rules(window: 40)
        var text = ""
        for i in 0..<60 {
            let pad = String(repeating: i % 2 == 0 ? " " : "x", count: i % 37)
            text += i % 3 == 0 ? "ssn\(pad) 536-22-\(8100 + i)\n" : "536-22-\(8100 + i) \(pad)member\n1234567\(10 + i)\n"
        }
        let whole = Scanner(rules: rules).scan(text)
        #expect(whole.count > 40)
        var options = Scanner.Options()
        options.chunkSize = 61
        expectSame(try streamFindings(text, rules: rules, options: options, sliceSize: sliceSize), whole)
        let reference = Scanner(rules: rules)
        reference.bypassesPrefilters = true
        expectSame(whole, reference.scan(text))
    }

    @Test func contextKeysLoadFromTOML() throws {
        let toml = """
            [[rules]]
            id = "passport"
            regex = '[A-Z][0-9]{8}'
            keywords = ["passport"]
            context = ["passport", "passport no"]
            contextRequired = true
            contextVeto = ["example"]
            contextWindow = 32
            contextBoost = 0.25
            """
        let rule = try #require(try RuleConfig(toml: toml, file: "r.toml").rules.first)
        #expect(rule.context == ["passport", "passport no"])
        #expect(rule.contextRequired)
        #expect(rule.contextVeto == ["example"])
        #expect((rule.contextWindow, rule.contextBoost) == (32, 0.25))
        let defaults = try #require(try RuleConfig(toml: "[[rules]]\nid = \"a\"\nregex = 'a'", file: "r.toml").rules.first)
        #expect(defaults.context.isEmpty && !defaults.contextRequired && defaults.contextVeto.isEmpty)
        #expect((defaults.contextWindow, defaults.contextBoost) == (64, 0.15))
    }

    @Test(arguments: [
        ("contextWindow = 0", #"r.toml: rule "a": key "contextWindow" must be between 1 and 1024 bytes, found 0"#),
        ("contextWindow = 5000", #"r.toml: rule "a": key "contextWindow" must be between 1 and 1024 bytes, found 5000"#),
        ("contextBoost = -0.1", #"r.toml: rule "a": key "contextBoost" must be between 0 and 1, found -0.1"#),
        ("context = [\"--\"]", #"r.toml: rule "a": key "context" has "--": a context word needs a letter or digit and no control characters"#),
        ("contextVeto = [\"\"]", #"r.toml: rule "a": key "contextVeto" has "": a context word needs a letter or digit and no control characters"#),
        ("contextRequired = \"yes\"", #"r.toml: rule "a": key "contextRequired" must be a boolean, found string"#),
    ])
    func badContextKeysAreErrorsNamingTheKey(line: String, message: String) {
        #expect {
            try RuleConfig(toml: "[[rules]]\nid = \"a\"\nregex = 'a'\n\(line)", file: "r.toml")
        } throws: { ($0 as? RuleLoadError)?.description == message }
    }

    @Test func requiredContextWithoutWordsIsAnError() throws {
        let config = try RuleConfig(toml: "[[rules]]\nid = \"a\"\nregex = 'a'\ncontextRequired = true", file: "r.toml")
        #expect(throws: RuleSetError(file: "r.toml", ruleID: "a", message: "contextRequired needs context words")) {
            try RuleSet(config)
        }
    }

    /// A context window widens the overlap between chunks.
    @Test func contextWindowWidensTheOverlap() throws {
        let rules = try Self.rules(window: 100)
        #expect(rules.maxMatchLength == 111)
    }
}

extension ContextTests {
    @Test func wordsInScriptsWithoutSpacesNeedNoBoundary() {
        let words = ContextWords(["电话", "tél", "dl#"])
        for (text, found) in [
            ("电话：138", true), ("我的电话138", true), ("Tél.", true), ("téléphone", false), ("hotel", false),
            ("DL#F2559215", true), ("xdl#1", false),
        ] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { words.occurs(in: $0, range: 0..<$0.count) } == found, "\(text)")
        }
    }
}

extension ContextTests {
    /// Two rules finding the same entity on the same bytes report it once: the more confident.
    @Test func sameEntityOnTheSameBytesIsReportedOnce() throws {
        let rules = try RuleSet(RuleConfig(rules: [
            RuleDefinition(
                id: "plain", regex: "[0-9]{3}-[0-9]{4}", category: .pii, entity: "PHONE_NUMBER", confidence: 0.5,
                prefilter: .digits, minDigits: 7, maxLength: 8),
            RuleDefinition(
                id: "with-word", regex: "[0-9]{3}-[0-9]{4}", category: .pii, entity: "PHONE_NUMBER", confidence: 0.5,
                prefilter: .digits, minDigits: 7, maxLength: 8, context: ["tel"], contextBoost: 0.2),
            RuleDefinition(
                id: "other-entity", regex: "[0-9]{3}-[0-9]{4}", category: .pii, entity: "ID", confidence: 0.1,
                prefilter: .digits, minDigits: 7, maxLength: 8),
        ]))
        let scanner = Scanner(rules: rules)
        #expect(scanner.scan("555-0199").map(\.rule.id) == ["plain", "other-entity"])
        #expect(scanner.scan("tel 555-0199").map(\.rule.id) == ["with-word", "other-entity"])
    }
}

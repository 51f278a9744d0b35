import Foundation
import Testing
@testable import TacetCore

@Suite struct RuleLoaderTests {
    static let defaults = [
        RuleSource(
            name: "rules/pii.toml",
            text: """
                [[rules]]
                id = "email"
                category = "pii"
                entity = "EMAIL_ADDRESS"
                regex = '[a-z]+@[a-z]+\\.com'
                prefilter = "at"
                """),
        RuleSource(
            name: "rules/secrets.toml",
            text: """
                [[rules]]
                id = "aws-key"
                description = "AWS key"
                regex = 'AKIA[A-Z2-7]{16}'
                keywords = ["akia"]
                tags = ["aws"]
                entropy = 3
                [[rules.allowlists]]
                regexes = ['EXAMPLE$']

                [[allowlists]]
                paths = ['^vendor/']
                """),
    ]

    static func load(
        _ texts: [String], useDefaults: Bool = true, files: [String: String] = [:]
    ) throws(RuleLoadError) -> RuleConfig {
        let sources = texts.enumerated().map {
            RuleSource(name: "user\($0.offset + 1).toml", text: $0.element, folder: "cfg")
        }
        return try RuleLoader.load(sources, defaults: defaults, useDefaults: useDefaults) { path in
            guard let text = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
            return text
        }
    }

    @Test func fileWithoutExtendAddsToDefaults() throws {
        let config = try Self.load(["[[rules]]\nid = \"acme\"\nregex = 'acme_[0-9]{8}'"])
        #expect(config.rules.map(\.id) == ["email", "aws-key", "acme"])
        #expect(config.allowlists == [Allowlist(paths: ["^vendor/"])])
        #expect(config.warnings == [])
        #expect(config.extend == nil)
    }

    @Test func useDefaultTrueAlsoKeepsDefaults() throws {
        let config = try Self.load(["[extend]\nuseDefault = true\n[[rules]]\nid = \"acme\"\nregex = 'a'"])
        #expect(config.rules.map(\.id) == ["email", "aws-key", "acme"])
    }

    @Test func useDefaultFalseReplacesDefaults() throws {
        let config = try Self.load([
            "[[rules]]\nid = \"one\"\nregex = '1'", "[extend]\nuseDefault = false\n[[rules]]\nid = \"two\"\nregex = '2'",
        ])
        #expect(config.rules.map(\.id) == ["one", "two"])
        #expect(config.allowlists == [])
    }

    @Test func noDefaultRulesFlagWins() throws {
        let file = "[extend]\nuseDefault = true\n[[rules]]\nid = \"acme\"\nregex = 'a'"
        let config = try Self.load([file], useDefaults: false)
        #expect(config.rules.map(\.id) == ["acme"])
    }

    @Test func overrideReplacesWrittenKeysAndAppendsTheRest() throws {
        let config = try Self.load([
            """
            [[rules]]
            id = "aws-key"
            description = "AWS access key ID"
            entropy = 3.5
            keywords = ["asia", "akia"]
            tags = ["cloud"]
            [[rules.allowlists]]
            stopwords = ["sample"]

            [[allowlists]]
            commits = ["abc123"]
            """
        ])
        let rule = try #require(config.rules.first { $0.id == "aws-key" })
        #expect(
            rule
                == RuleDefinition(
                    id: "aws-key", description: "AWS access key ID", regex: "AKIA[A-Z2-7]{16}", entropy: 3.5,
                    keywords: ["akia", "asia"], tags: ["aws", "cloud"],
                    allowlists: [Allowlist(regexes: ["EXAMPLE$"]), Allowlist(stopwords: ["sample"])], source: "user1.toml"))
        #expect(config.rules.map(\.id) == ["email", "aws-key"])
        #expect(config.allowlists == [Allowlist(paths: ["^vendor/"]), Allowlist(commits: ["abc123"])])
    }

    @Test func overrideCanSetEveryTacetKey() throws {
        let config = try Self.load([
            """
            [[rules]]
            id = "email"
            regex = '[a-z.]+@[a-z]+\\.org'
            secretGroup = 0
            path = '\\.txt$'
            category = "secret"
            entity = "CONTACT"
            validate = "ipv4"
            severity = "low"
            confidence = 0.5
            prefilter = "digits"
            maxLength = 64
            examples = ["a@b.org"]
            counterexamples = ["a@b"]
            """
        ])
        #expect(
            config.rules.first
                == RuleDefinition(
                    id: "email", regex: #"[a-z.]+@[a-z]+\.org"#, path: #"\.txt$"#, category: .secret, entity: "CONTACT",
                    validate: [.ipv4], severity: .low, confidence: 0.5, prefilter: .digits, maxLength: 64,
                    examples: ["a@b.org"], counterexamples: ["a@b"], source: "user1.toml"))
    }

    @Test func writtenZeroClearsTheBaseValue() throws {
        let config = try Self.load(["[[rules]]\nid = \"aws-key\"\nentropy = 0\ndescription = \"\""])
        let rule = try #require(config.rules.first { $0.id == "aws-key" })
        #expect(rule.entropy == nil)
        #expect(rule.description == "")
        #expect(rule.regex == "AKIA[A-Z2-7]{16}")
    }

    @Test func unwrittenSeverityFollowsANewCategory() throws {
        let base = """
            [extend]
            useDefault = false
            [[rules]]
            id = "a"
            regex = 'a'
            [[rules]]
            id = "b"
            regex = 'b'
            severity = "critical"
            """
        let override = "[[rules]]\nid = \"a\"\ncategory = \"pii\"\n[[rules]]\nid = \"b\"\ncategory = \"pii\""
        let config = try Self.load([base, override])
        #expect(config.rules.map(\.severity) == [.medium, .critical])
    }

    @Test func disabledRulesRemoveBaseRules() throws {
        let config = try Self.load(["[extend]\ndisabledRules = [\"aws-key\", \"no-such-rule\"]"])
        #expect(config.rules.map(\.id) == ["email"])
        #expect(
            config.warnings == [
                #"user1.toml: [extend]: disabledRules names "no-such-rule", which no rule below has (ignored)"#
            ])
    }

    @Test func disabledRuleMayBeRedefined() throws {
        let config = try Self.load(["[extend]\ndisabledRules = [\"aws-key\"]\n[[rules]]\nid = \"aws-key\"\nregex = 'ASIA'"])
        let rule = try #require(config.rules.first { $0.id == "aws-key" })
        #expect(rule == RuleDefinition(id: "aws-key", regex: "ASIA", source: "user1.toml"))
    }

    @Test func ruleThatMatchesNothingIsDroppedWithAWarning() throws {
        // A .gitleaks.toml adding an allowlist to a gitleaks default rule Tacet's pack lacks.
        let config = try Self.load(["[[rules]]\nid = \"generic-api-key\"\n[[rules.allowlists]]\nstopwords = [\"x\"]"])
        #expect(config.rules.map(\.id) == ["email", "aws-key"])
        #expect(
            config.warnings == [
                #"user1.toml: rule "generic-api-key": has neither "regex" nor "path" (does it override a rule the base lacks?); ignored"#
            ])
    }

    @Test func targetRulesNamingNoRuleWarn() throws {
        let config = try Self.load(["[[allowlists]]\ntargetRules = [\"email\", \"jwt\"]\nregexes = ['x']"])
        #expect(
            config.warnings == [
                #"user1.toml: a global allowlist's targetRules names "jwt", which no rule has (ignored)"#
            ])
    }

    @Test func warningsOfEveryFileAreKept() throws {
        let config = try Self.load(["colour = 1", "[[rules]]\nid = \"x\"\nregex = 'x'\nsevrity = \"low\""])
        #expect(
            config.warnings == [
                #"user1.toml: unknown key "colour" (ignored)"#, #"user2.toml: rule "x": unknown key "sevrity" (ignored)"#,
            ])
    }

    @Test func titleIsTheLastOneGiven() throws {
        #expect(try Self.load(["title = \"one\"", "[[rules]]\nid = \"x\"\nregex = 'x'"]).title == "one")
        #expect(try Self.load(["title = \"one\"", "title = \"two\""]).title == "two")
    }

    @Test func defaultFilesMustNotShareAnId() {
        let clash = [Self.defaults[0], RuleSource(name: "rules/more.toml", text: "[[rules]]\nid = \"email\"\nregex = 'e'")]
        let error = #expect(throws: RuleLoadError.self) { try RuleLoader.load([], defaults: clash) }
        #expect(error?.description == #"rules/more.toml: rule "email": key "id" is also defined in rules/pii.toml"#)
    }

    @Test func errorsInUserFilesNameTheirFile() {
        let error = #expect(throws: RuleLoadError.self) {
            try Self.load(["[[rules]]\nid = \"x\"\nregex = 'x'", "[[rules]]\nid = \"y\"\nentropy = true"])
        }
        #expect(error?.description == #"user2.toml: rule "y": key "entropy" must be a number, found boolean"#)
    }

    // MARK: [extend] path

    @Test func pathExtendResolvesAgainstEachFilesFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tacet-rules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "team/tacet.toml": """
                [extend]
                path = "../org/base.toml"
                disabledRules = ["org-legacy"]
                [[rules]]
                id = "org-token"
                keywords = ["team"]
                """,
            "org/base.toml": """
                [extend]
                path = "shared/common.toml"
                [[rules]]
                id = "org-token"
                regex = 'org_[a-z0-9]{20}'
                keywords = ["org_"]
                [[rules]]
                id = "org-legacy"
                regex = 'legacy_[0-9]+'
                [[allowlists]]
                paths = ['^docs/']
                """,
            "org/shared/common.toml": """
                [[rules]]
                id = "common"
                path = '\\.pem$'
                """,
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let folder = root.appendingPathComponent("team").path
        let source = RuleSource(name: folder + "/tacet.toml", text: files["team/tacet.toml"]!, folder: folder)
        let config = try RuleLoader.load([source], defaults: Self.defaults)
        #expect(config.rules.map(\.id) == ["email", "aws-key", "common", "org-token"])
        #expect(config.rules.last == RuleDefinition(id: "org-token", regex: "org_[a-z0-9]{20}", keywords: ["org_", "team"], source: config.rules.last?.source))
        #expect(config.allowlists == [Allowlist(paths: ["^vendor/"]), Allowlist(paths: ["^docs/"])])
        #expect(config.warnings == [])
    }

    @Test func useDefaultFalseInAnExtendedFileDropsDefaults() throws {
        let config = try Self.load(
            ["[extend]\npath = \"base.toml\""],
            files: ["cfg/base.toml": "[extend]\nuseDefault = false\n[[rules]]\nid = \"b\"\nregex = 'b'"])
        #expect(config.rules.map(\.id) == ["b"])
    }

    @Test func absolutePathIsUsedAsIs() throws {
        let config = try Self.load(
            ["[extend]\npath = \"/etc/tacet/base.toml\""],
            files: ["/etc/tacet/base.toml": "[[rules]]\nid = \"b\"\nregex = 'b'"])
        #expect(config.rules.map(\.id) == ["email", "aws-key", "b"])
    }

    @Test func extendCycleIsAnError() {
        let files = [
            "cfg/a.toml": "[extend]\npath = \"b.toml\"",
            "cfg/b.toml": "[extend]\npath = \"a.toml\"",
        ]
        let error = #expect(throws: RuleLoadError.self) { try Self.load(["[extend]\npath = \"a.toml\""], files: files) }
        #expect(error?.location == "[extend]")
        #expect(error?.key == "path")
        #expect(
            error?.description
                == #"cfg/b.toml: [extend]: key "path" makes a cycle: cfg/a.toml → cfg/b.toml → cfg/a.toml"#)
    }

    @Test func extendDepthIsLimited() {
        var files: [String: String] = [:]
        for depth in 1..<RuleLoader.maxExtendDepth {
            files["cfg/\(depth).toml"] = "[extend]\npath = \"\(depth + 1).toml\""
        }
        files["cfg/\(RuleLoader.maxExtendDepth).toml"] = "[[rules]]\nid = \"deep\"\nregex = 'd'"
        #expect(throws: Never.self) { try Self.load(["[extend]\npath = \"1.toml\""], files: files) }

        files["cfg/\(RuleLoader.maxExtendDepth).toml"] = "[extend]\npath = \"deeper.toml\""
        files["cfg/deeper.toml"] = ""
        let error = #expect(throws: RuleLoadError.self) { try Self.load(["[extend]\npath = \"1.toml\""], files: files) }
        #expect(error?.description == #"cfg/4.toml: [extend]: key "path" goes more than 4 files deep"#)
    }

    @Test func unreadableExtendPathNamesIt() {
        let error = #expect(throws: RuleLoadError.self) { try Self.load(["[extend]\npath = \"missing.toml\""]) }
        #expect(error?.file == "user1.toml")
        #expect(error?.key == "path")
        #expect(error?.message.hasPrefix(#"names "cfg/missing.toml", which cannot be read"#) == true)
    }
}

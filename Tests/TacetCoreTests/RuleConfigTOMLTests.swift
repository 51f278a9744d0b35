import Testing
@testable import TacetCore

@Suite struct RuleConfigTOMLTests {
    /// A `.gitleaks.toml` as people write them for gitleaks 8.25+: every gitleaks key, both
    /// styles of rule allowlist, a targeted global allowlist.
    static let gitleaksConfig = #"""
        title = "Acme gitleaks config"

        [extend]
        useDefault = true
        disabledRules = ["generic-api-key", "jwt"]

        [[rules]]
        id = "aws-access-token"
        description = "AWS access key ID"
        regex = '''\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b'''
        entropy = 3
        keywords = ["a3t", "akia", "asia", "abia", "acca"]
        tags = ["aws", "cloud"]

        [[rules.allowlists]]
        regexes = ['''.+EXAMPLE$''']

        [[rules]]
        id = "acme-internal-token"
        description = "Acme internal API token"
        regex = '''(?i)acme[_-]?token\s*[:=]\s*["']?([a-z0-9]{32})["']?'''
        secretGroup = 1
        entropy = 3.5
        keywords = ["acme_token", "acme-token"]
        tags = ["internal"]

        [rules.allowlist]
        description = "test fixtures"
        paths = ['''(?:^|/)testdata/''']
        stopwords = ["example", "dummy"]

        [[rules]]
        id = "pkcs12-file"
        description = "PKCS #12 file"
        path = '''(?i)\.(?:p12|pfx)$'''
        tags = ["file"]

        [[rules]]
        id = "acme-password"
        regex = '''(?i)password\s*=\s*"([^"]{8,})"'''
        keywords = ["password"]

        [[rules.allowlists]]
        condition = "AND"
        regexTarget = "line"
        regexes = ['''(?i)password\s*=\s*"changeme"''']
        paths = ['''\.md$''']

        [[rules.allowlists]]
        condition = "or"
        regexTarget = "match"
        regexes = ['''\$\{[A-Z_]+\}''']
        commits = ["0123456789abcdef0123456789abcdef01234567"]

        [[allowlists]]
        description = "placeholder tokens"
        targetRules = ["acme-internal-token"]
        regexes = ['''^0{32}$''']

        [[allowlists]]
        paths = ['''gitleaks\.toml''', '''(?:^|/)vendor/''']
        """#

    @Test func gitleaksConfigLoadsEveryField() throws {
        let config = try RuleConfig(toml: Self.gitleaksConfig, file: ".gitleaks.toml")
        #expect(config.title == "Acme gitleaks config")
        #expect(config.extend == RuleConfig.Extend(useDefault: true, disabledRules: ["generic-api-key", "jwt"]))
        #expect(config.warnings == [])
        let expected = [
            RuleDefinition(
                id: "aws-access-token", description: "AWS access key ID",
                regex: #"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b"#, entropy: 3,
                keywords: ["a3t", "akia", "asia", "abia", "acca"], tags: ["aws", "cloud"],
                allowlists: [Allowlist(regexes: [".+EXAMPLE$"])], source: ".gitleaks.toml"),
            RuleDefinition(
                id: "acme-internal-token", description: "Acme internal API token",
                regex: #"(?i)acme[_-]?token\s*[:=]\s*["']?([a-z0-9]{32})["']?"#, secretGroup: 1,
                entropy: 3.5, keywords: ["acme_token", "acme-token"], tags: ["internal"],
                allowlists: [
                    Allowlist(
                        description: "test fixtures", stopwords: ["example", "dummy"],
                        paths: ["(?:^|/)testdata/"])
                ], source: ".gitleaks.toml"),
            RuleDefinition(
                id: "pkcs12-file", description: "PKCS #12 file", path: #"(?i)\.(?:p12|pfx)$"#,
                tags: ["file"], source: ".gitleaks.toml"),
            RuleDefinition(
                id: "acme-password", regex: #"(?i)password\s*=\s*"([^"]{8,})""#, keywords: ["password"],
                allowlists: [
                    Allowlist(
                        condition: .and, regexes: [#"(?i)password\s*=\s*"changeme""#], regexTarget: .line,
                        paths: [#"\.md$"#]),
                    Allowlist(
                        condition: .or, regexes: [#"\$\{[A-Z_]+\}"#], regexTarget: .match,
                        commits: ["0123456789abcdef0123456789abcdef01234567"]),
                ], source: ".gitleaks.toml"),
        ]
        #expect(config.rules.count == expected.count)
        for (rule, want) in zip(config.rules, expected) {
            #expect(rule == want)
        }
        #expect(
            config.allowlists == [
                Allowlist(
                    description: "placeholder tokens", regexes: ["^0{32}$"], targetRules: ["acme-internal-token"]),
                Allowlist(paths: [#"gitleaks\.toml"#, "(?:^|/)vendor/"]),
            ])
    }

    @Test func legacyGlobalAllowlistIsAppended() throws {
        let toml = """
            [allowlist]
            description = "gitleaks < 8.21"
            paths = ['vendor/']

            [[allowlists]]
            stopwords = ["sample"]
            """
        let config = try RuleConfig(toml: toml, file: "old.toml")
        #expect(
            config.allowlists == [
                Allowlist(description: "gitleaks < 8.21", paths: ["vendor/"]), Allowlist(stopwords: ["sample"]),
            ])
    }

    @Test func tacetKeysLoad() throws {
        let toml = """
            [[rules]]
            id = "credit-card"
            category = "pii"
            entity = "CREDIT_CARD"
            validate = ["luhn"]
            severity = "critical"
            confidence = 0.9
            prefilter = "digits"
            maxLength = 40
            regex = '\\b(?:\\d[ -]?){13,19}\\b'
            examples = ["card 4111 1111 1111 1111"]
            counterexamples = ["order 1234 5678 9012 3456"]
            """
        let config = try RuleConfig(toml: toml, file: "pii.toml")
        #expect(
            config.rules == [
                RuleDefinition(
                    id: "credit-card", regex: #"\b(?:\d[ -]?){13,19}\b"#, category: .pii, entity: "CREDIT_CARD",
                    validate: [.luhn], severity: .critical, confidence: 0.9, prefilter: .digits, maxLength: 40,
                    examples: ["card 4111 1111 1111 1111"], counterexamples: ["order 1234 5678 9012 3456"], source: "pii.toml")
            ])
    }

    @Test func tacetKeysHaveDefaults() throws {
        let toml = """
            [[rules]]
            id = "a"
            regex = 'a'

            [[rules]]
            id = "b"
            regex = 'b'
            category = "pii"
            """
        let rules = try RuleConfig(toml: toml, file: "r.toml").rules
        #expect(rules.map(\.category) == [.secret, .pii])
        #expect(rules.map(\.severity) == [.high, .medium])
        #expect(rules.map(\.entity) == ["SECRET", "SECRET"])
        #expect(rules.map(\.maxLength) == [RuleDefinition.defaultMaxLength, RuleDefinition.defaultMaxLength])
        #expect(rules.map(\.validate) == [[], []])
        #expect(rules.map(\.prefilter) == [nil, nil])
    }

    @Test(arguments: [
        (#"validate = "iban""#, [ValidatorKind.iban]),
        (#"validate = ["ipv4", "ipv6"]"#, [.ipv4, .ipv6]),
        (#"validate = []"#, []),
    ])
    func validateTakesAStringOrAnArray(line: String, expected: [ValidatorKind]) throws {
        let config = try RuleConfig(toml: "[[rules]]\nid = \"x\"\nregex = 'x'\n\(line)", file: "r.toml")
        #expect(config.rules.first?.validate == expected)
    }

    @Test func integersReadAsNumbers() throws {
        let toml = """
            [[rules]]
            id = "x"
            regex = 'x'
            entropy = 3
            confidence = 1
            """
        let rule = try #require(try RuleConfig(toml: toml, file: "r.toml").rules.first)
        #expect(rule.entropy == 3.0)
        #expect(rule.confidence == 1.0)
    }

    @Test func keysIgnoreCaseAsInGitleaks() throws {
        let toml = """
            [[rules]]
            ID = "x"
            Regex = '(a)(b)'
            secretgroup = 2
            Keywords = ["ab"]

            [[rules.AllowLists]]
            StopWords = ["abba"]
            RegexTarget = "match"
            """
        let config = try RuleConfig(toml: toml, file: "r.toml")
        #expect(config.warnings == [])
        #expect(
            config.rules == [
                RuleDefinition(
                    id: "x", regex: "(a)(b)", secretGroup: 2, keywords: ["ab"],
                    allowlists: [Allowlist(regexTarget: .match, stopwords: ["abba"])], source: "r.toml")
            ])
    }

    @Test func gitleaksUnsetValuesReadAsNil() throws {
        let toml = """
            [[rules]]
            id = "x"
            regex = ''
            path = '\\.env$'
            secretGroup = 0
            entropy = 0.0
            """
        let rule = try #require(try RuleConfig(toml: toml, file: "r.toml").rules.first)
        #expect(rule.regex == nil)
        #expect(rule.path == #"\.env$"#)
        #expect(rule.secretGroup == nil)
        #expect(rule.entropy == nil)
    }

    @Test func ruleWithoutRegexOrPathParses() throws {
        // It may override a base rule; RuleLoader decides once the layers are known.
        let config = try RuleConfig(toml: "[[rules]]\nid = \"x\"\n[[rules.allowlists]]\npaths = ['a']", file: "r.toml")
        #expect(config.rules.map(\.id) == ["x"])
    }

    @Test func unknownKeysAreWarningsNamingFileRuleAndKey() throws {
        let toml = """
            titel = "typo"

            [extend]
            url = "https://example.com/rules.toml"

            [[rules]]
            id = "x"
            regex = 'x'
            severty = "low"
            skipReport = true

            [[rules.allowlists]]
            stopwords = ["a"]
            targetRules = ["x"]

            [[rules]]
            regex = 'y'
            id = "y"
            entity = "PERSON"
            [rules.allowlist]
            paths = ['p']
            stopword = ["b"]

            [[allowlists]]
            regexes = ['z']
            regex_target = "line"
            """
        let config = try RuleConfig(toml: toml, file: "rules.toml")
        #expect(
            config.warnings == [
                #"rules.toml: unknown key "titel" (ignored)"#,
                #"rules.toml: [extend]: unknown key "url" (ignored)"#,
                #"rules.toml: rule "x", allowlist #1: unknown key "targetRules" (ignored)"#,
                #"rules.toml: rule "x": unknown key "severty" (ignored)"#,
                #"rules.toml: rule "x": unknown key "skipReport" (ignored)"#,
                #"rules.toml: rule "y", allowlist: unknown key "stopword" (ignored)"#,
                #"rules.toml: allowlist #1: unknown key "regex_target" (ignored)"#,
            ])
        #expect(config.rules.map(\.id) == ["x", "y"])
    }

    @Test func duplicateIdsNameBothRules() {
        let toml = """
            [[rules]]
            id = "aws-key"
            regex = 'a'

            [[rules]]
            id = "other"
            regex = 'b'

            [[rules]]
            id = "aws-key"
            regex = 'c'
            """
        let error = #expect(throws: RuleLoadError.self) { try RuleConfig(toml: toml, file: "rules.toml") }
        #expect(error?.description == #"rules.toml: rule #3: key "id" repeats "aws-key", the id of rule #1"#)
    }

    @Test func syntaxErrorHasLineAndColumn() {
        let toml = """
            [[rules]]
            id = "x"
            regex = 'unterminated
            """
        let error = #expect(throws: RuleLoadError.self) { try RuleConfig(toml: toml, file: "rules.toml") }
        #expect(error?.file == "rules.toml")
        #expect(error?.line == 3)
        #expect(error?.column != nil)
        #expect(error?.description.hasPrefix("rules.toml:3:") == true)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let name: String
        let toml: String
        /// The whole expected description.
        let message: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            name: "wrong type", toml: "[[rules]]\nid = \"aws-key\"\nregex = 'x'\nentropy = \"high\"",
            message: #"rules.toml: rule "aws-key": key "entropy" must be a number, found string"#),
        ErrorCase(
            name: "array expected", toml: "[[rules]]\nid = \"k\"\nkeywords = \"akia\"",
            message: #"rules.toml: rule "k": key "keywords" must be an array of strings, found string"#),
        ErrorCase(
            name: "array element", toml: "[[rules]]\nid = \"k\"\ntags = [\"a\", 3]",
            message: #"rules.toml: rule "k": key "tags" must be an array of strings, found integer at item 2"#),
        ErrorCase(
            name: "integer expected", toml: "[[rules]]\nid = \"k\"\nsecretGroup = 1.5",
            message: #"rules.toml: rule "k": key "secretGroup" must be an integer, found float"#),
        ErrorCase(
            name: "missing id", toml: "[[rules]]\nid = \"a\"\nregex = 'a'\n[[rules]]\nregex = 'b'",
            message: #"rules.toml: rule #2: key "id" is missing"#),
        ErrorCase(
            name: "empty id", toml: "[[rules]]\nid = \" \"\nregex = 'b'",
            message: #"rules.toml: rule #1: key "id" must not be empty"#),
        ErrorCase(
            name: "id not a string", toml: "[[rules]]\nid = 7",
            message: #"rules.toml: rule #1: key "id" must be a string, found integer"#),
        ErrorCase(
            name: "bad validate name", toml: "[[rules]]\nid = \"card\"\nvalidate = [\"luhn\", \"luhnn\"]",
            message:
                #"rules.toml: rule "card": key "validate" has unknown value "luhnn" (expected "luhn", "iban", "us_ssn", "ipv4", "ipv6", "base62_crc32")"#
        ),
        ErrorCase(
            name: "validate wrong type", toml: "[[rules]]\nid = \"card\"\nvalidate = true",
            message:
                #"rules.toml: rule "card": key "validate" must be a string or an array of strings, found boolean"#),
        ErrorCase(
            name: "bad category", toml: "[[rules]]\nid = \"c\"\ncategory = \"secrets\"",
            message: #"rules.toml: rule "c": key "category" must be one of "secret", "pii", found "secrets""#),
        ErrorCase(
            name: "bad severity", toml: "[[rules]]\nid = \"c\"\nseverity = \"urgent\"",
            message:
                #"rules.toml: rule "c": key "severity" must be one of "low", "medium", "high", "critical", found "urgent""#
        ),
        ErrorCase(
            name: "bad prefilter", toml: "[[rules]]\nid = \"c\"\nprefilter = \"email\"",
            message:
                #"rules.toml: rule "c": key "prefilter" must be one of "at", "digits", "iban", "hex-separated", found "email""#),
        ErrorCase(
            name: "confidence out of range", toml: "[[rules]]\nid = \"c\"\nconfidence = 1.5",
            message: #"rules.toml: rule "c": key "confidence" must be between 0 and 1, found 1.5"#),
        ErrorCase(
            name: "maxLength not positive", toml: "[[rules]]\nid = \"c\"\nmaxLength = 0",
            message: #"rules.toml: rule "c": key "maxLength" must be positive, found 0"#),
        ErrorCase(
            name: "negative secretGroup", toml: "[[rules]]\nid = \"c\"\nsecretGroup = -1",
            message: #"rules.toml: rule "c": key "secretGroup" must be 0 or more, found -1"#),
        ErrorCase(
            name: "empty entity", toml: "[[rules]]\nid = \"c\"\nentity = \"\"",
            message: #"rules.toml: rule "c": key "entity" must not be empty"#),
        ErrorCase(
            name: "rules as a table", toml: "[rules]\nid = \"c\"",
            message: #"rules.toml: key "rules" must be an array of tables, found table"#),
        ErrorCase(
            name: "keys differing in case", toml: "[[rules]]\nid = \"c\"\nregex = 'a'\nRegex = 'b'",
            message: #"rules.toml: rule #1: key "regex" repeats "Regex" (keys ignore case, as in gitleaks)"#),
        ErrorCase(
            name: "allowlist without check", toml: "[[rules]]\nid = \"c\"\n[[rules.allowlists]]\ndescription = \"x\"",
            message:
                #"rules.toml: rule "c", allowlist #1: needs at least one of "commits", "paths", "regexes" or "stopwords""#
        ),
        ErrorCase(
            name: "bad condition", toml: "[[rules]]\nid = \"c\"\n[rules.allowlist]\ncondition = \"XOR\"\npaths = ['a']",
            message: #"rules.toml: rule "c", allowlist: key "condition" must be "OR" or "AND", found "XOR""#),
        ErrorCase(
            name: "bad regexTarget", toml: "[[allowlists]]\nregexTarget = \"file\"\nregexes = ['a']",
            message:
                #"rules.toml: allowlist #1: key "regexTarget" must be one of "secret", "match", "line", found "file""#),
        ErrorCase(
            name: "targetRules wrong type", toml: "[[allowlists]]\ntargetRules = \"x\"\nregexes = ['a']",
            message: #"rules.toml: allowlist #1: key "targetRules" must be an array of strings, found string"#),
        ErrorCase(
            name: "useDefault not a boolean", toml: "[extend]\nuseDefault = \"yes\"",
            message: #"rules.toml: [extend]: key "useDefault" must be a boolean, found string"#),
        ErrorCase(
            name: "title not a string", toml: "title = 3",
            message: #"rules.toml: key "title" must be a string, found integer"#),
    ]

    @Test(arguments: errorCases)
    func errorSaysWhatAndWhere(_ errorCase: ErrorCase) {
        let error = #expect(throws: RuleLoadError.self) { try RuleConfig(toml: errorCase.toml, file: "rules.toml") }
        #expect(error?.description == errorCase.message)
    }
}

import Testing
@testable import TacetCore

@Suite struct DictionaryTests {
    static let toml = """
        [[dictionaries]]
        id = "employees"
        entity = "PERSON"
        words = ["John Smith", "John", "Zoë Müller"]

        [[dictionaries]]
        id = "code-names"
        description = "Project code names"
        entity = "PROJECT"
        category = "secret"
        severity = "high"
        confidence = 0.7
        caseSensitive = true
        words = ["BlueFalcon"]

        [[dictionaries]]
        id = "hosts"
        entity = "HOSTNAME"
        path = "lists/hosts.txt"
        """

    static func ruleSet(_ toml: String = toml, files: [String: String] = ["/cfg/lists/hosts.txt": "# internal hosts\n\n  db01.corp.acme  \nbuild-7\n"]) throws -> RuleSet {
        let config = try RuleLoader.load(
            [RuleSource(name: "/cfg/tacet.toml", text: toml, folder: "/cfg")], defaults: [], useDefaults: false
        ) { path in
            guard let text = files[path] else { throw RuleLoadError(file: path, message: "no such file") }
            return text
        }
        return try RuleSet(config)
    }

    static func found(_ text: String, _ rules: RuleSet) -> [String] {
        Scanner(rules: rules).scan(text).map { "\($0.rule.id):\($0.value)" }
    }

    @Test func loadsInlineWordsAndWordListFiles() throws {
        let rules = try Self.ruleSet()
        let hosts = try #require(rules.rule(id: "hosts"))
        #expect(hosts.entity == "HOSTNAME")
        #expect(hosts.definition.tags == ["dictionary"])
        let codeNames = try #require(rules.rule(id: "code-names"))
        #expect(codeNames.category == .secret)
        #expect(codeNames.definition.severity == .high)
        #expect(codeNames.definition.confidence == 0.7)
        #expect(codeNames.definition.description == "Project code names")
        #expect(Self.found("ssh db01.corp.acme and build-7.", rules) == ["hosts:db01.corp.acme", "hosts:build-7"])
    }

    @Test func matchesWholeWordsOnlyAndPrefersTheLongestEntry() throws {
        let rules = try Self.ruleSet()
        #expect(Self.found("Ask JOHN SMITH or john.", rules) == ["employees:JOHN SMITH", "employees:john"])
        #expect(Self.found("Johnson, xjohn, john_doe, john2 and johnsmith", rules).isEmpty)
        // a multi-byte character is part of the word: no match inside "Müllers"
        #expect(Self.found("Zoë Müller; Zoë Müllers", rules) == ["employees:Zoë Müller"])
        #expect(Self.found("(john)", rules) == ["employees:john"])
    }

    @Test func caseSensitiveDictionaryComparesExactly() throws {
        let rules = try Self.ruleSet()
        #expect(Self.found("BlueFalcon ships; bluefalcon does not", rules) == ["code-names:BlueFalcon"])
    }

    @Test func inlineAllowAndGlobalAllowlistsApply() throws {
        let rules = try Self.ruleSet(Self.toml + """

            [[allowlists]]
            targetRules = ["hosts"]
            regexes = ['''^build-''']
            """)
        #expect(Self.found("build-7 db01.corp.acme", rules) == ["hosts:db01.corp.acme"])
        #expect(Self.found("john # tacet:allow", rules).isEmpty)
    }

    @Test func entryAcrossChunkBoundariesIsFoundOnce() throws {
        let rules = try Self.ruleSet()
        var options = Scanner.Options()
        options.chunkSize = 1
        let text = String(repeating: "filler words here ", count: 9) + "John Smith " + String(repeating: "x ", count: 30)
        for sliceSize in [1, 3, 7, 64] {
            let findings = try streamFindings(text, rules: rules, options: options, sliceSize: sliceSize)
            #expect(findings.map(\.value) == ["John Smith"])
            #expect(findings.first?.start == 162)
        }
    }

    @Test func laterFilesReplaceADictionaryAndDisabledRulesRemoveIt() throws {
        let base = """
            [[dictionaries]]
            id = "hosts"
            entity = "HOSTNAME"
            words = ["db01"]

            [[dictionaries]]
            id = "employees"
            entity = "PERSON"
            words = ["John Smith"]
            """
        let override = """
            [extend]
            disabledRules = ["hosts"]

            [[dictionaries]]
            id = "employees"
            entity = "PERSON"
            words = ["Ada Lovelace"]
            """
        let config = try RuleLoader.load(
            [RuleSource(name: "base.toml", text: base), RuleSource(name: "override.toml", text: override)],
            defaults: [], useDefaults: false)
        #expect(config.dictionaries.map(\.id) == ["employees"])
        #expect(config.dictionaries[0].words == ["Ada Lovelace"])
    }

    @Test(arguments: [
        ("[[dictionaries]]\nid = \"d\"\nwords = [\"a\"]", "entity"),
        ("[[dictionaries]]\nid = \"d\"\nentity = \"E\"", "words"),
        ("[[dictionaries]]\nentity = \"E\"\nwords = [\"a\"]", "id"),
        ("[[dictionaries]]\nid = \"d\"\nentity = \"E\"\nwords = [\"a\"]\nconfidence = 2.0", "confidence"),
        ("[[dictionaries]]\nid = \"d\"\nentity = \"E\"\npath = \"missing.txt\"", "missing.txt"),
    ])
    func badDictionariesNameTheProblem(_ toml: String, _ mention: String) throws {
        let error = #expect(throws: RuleLoadError.self) { try Self.ruleSet(toml) }
        #expect(error?.description.contains(mention) == true, "\(String(describing: error))")
        #expect(error?.description.contains("/cfg/tacet.toml") == true)
    }

    @Test func dictionaryIDMustNotRepeatARuleID() throws {
        let toml = """
            [[rules]]
            id = "d"
            regex = 'x'

            [[dictionaries]]
            id = "d"
            entity = "E"
            words = ["a"]
            """
        let error = #expect(throws: RuleSetError.self) { try Self.ruleSet(toml) }
        #expect(error?.ruleID == "d")
    }

    @Test func emptyWordListIsAnError() throws {
        let error = #expect(throws: RuleSetError.self) {
            try Self.ruleSet("[[dictionaries]]\nid = \"d\"\nentity = \"E\"\npath = \"e.txt\"", files: ["/cfg/e.txt": "# nothing\n"])
        }
        #expect(error?.message == "the dictionary has no entries")
    }

    /// The trie against the definition: at each boundary, the longest entry that ends on one.
    @Test func wordTrieAgreesWithBruteForce() {
        var rng = SplitMix(seed: 7)
        let alphabet = Array("aAb c-é".utf8)
        for round in 0..<200 {
            let entries = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
                (0..<Int.random(in: 1...5, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            }.filter { String(validating: $0, as: UTF8.self) != nil }
            let text = (0..<Int.random(in: 0...80, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let foldsCase = round % 2 == 0
            let trie = WordTrie(entries.enumerated().map { (String(decoding: $0.element, as: UTF8.self), Int32($0.offset)) }, foldsCase: foldsCase)
            var actual: [Range<Int>] = []
            text.withUnsafeBytes { buffer in trie.forEachMatch(in: buffer, range: 0..<buffer.count) { span, _ in actual.append(span) } }
            #expect(actual == Self.bruteForce(entries, text, foldsCase: foldsCase), "round \(round)")
        }
    }

    static func bruteForce(_ entries: [[UInt8]], _ text: [UInt8], foldsCase: Bool) -> [Range<Int>] {
        let fold = { (bytes: [UInt8]) in foldsCase ? bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } : bytes }
        let entries = entries.map(fold), folded = fold(text)
        func boundary(_ at: Int) -> Bool {
            at == 0 || at == text.count || !(WordTrie.isWordByte(text[at - 1]) && WordTrie.isWordByte(text[at]))
        }
        var spans: [Range<Int>] = [], position = 0
        while position < text.count {
            let longest = entries.filter { entry in
                boundary(position) && position + entry.count <= text.count
                    && Array(folded[position..<position + entry.count]) == entry && boundary(position + entry.count)
            }.map(\.count).max()
            if let longest {
                spans.append(position..<position + longest)
                position += longest
            } else {
                position += 1
            }
        }
        return spans
    }
}

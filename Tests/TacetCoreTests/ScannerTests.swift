import Testing
@testable import TacetCore

/// A small rule set with one rule per candidate path: keyword, each PII prefilter, unfiltered.
func testRules(maxLength: Int = 64) throws -> RuleSet {
    try RuleSet(RuleConfig(rules: [
        RuleDefinition(id: "test-token", regex: #"\btok_[A-Za-z0-9]{16}\b"#, keywords: ["tok_"], maxLength: maxLength),
        RuleDefinition(
            id: "test-assign", regex: #"(?i)passw(?:or)?d\s*[:=]\s*"([^"\s]{6,40})""#, entropy: 2.5,
            keywords: ["passwd", "password"], maxLength: maxLength),
        RuleDefinition(
            id: "email", regex: #"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,63}\.[A-Za-z]{2,24}"#, category: .pii,
            entity: "EMAIL_ADDRESS", prefilter: .at, maxLength: maxLength),
        RuleDefinition(
            id: "card", regex: #"(?<![0-9])[0-9]{4}(?:[ -]?[0-9]{4}){3}(?![0-9])"#, category: .pii,
            entity: "CREDIT_CARD", validate: [.luhn], prefilter: .digits, minDigits: 16, maxLength: maxLength),
        RuleDefinition(
            id: "iban", regex: #"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"#, category: .pii,
            entity: "IBAN_CODE", validate: [.iban], prefilter: .iban, maxLength: maxLength),
        RuleDefinition(
            id: "mac", regex: #"\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b"#, category: .pii,
            entity: "MAC_ADDRESS", prefilter: .hexSeparated, maxLength: maxLength),
        RuleDefinition(id: "unfiltered", regex: #"ZQZQ[0-9]{3}"#, maxLength: maxLength),
    ]))
}

func ids(_ findings: [Finding]) -> [String] { findings.map(\.rule.id) }

@Suite struct ScannerTests {
    @Test func findsEachKindWithSpansLinesAndColumns() throws {
        let text = "a tok_ABCDEFGHIJKLMNOP\nmail: ana@example.org, café bob@x.io\npassword = \"Xy7!pQ9z\"\n"
            + "card 4111 1111 1111 1111 iban GB82 WEST 1234 5698 7654 32 mac 00:1a:2b:3c:4d:5e ZQZQ123\n"
        let findings = Scanner(rules: try testRules()).scan(text)
        #expect(ids(findings) == ["test-token", "email", "email", "test-assign", "card", "iban", "mac", "unfiltered"])
        let token = findings[0]
        #expect(token.value == "tok_ABCDEFGHIJKLMNOP")
        #expect((token.start, token.end, token.line, token.column) == (2, 22, 1, 3))
        // Columns count scalars: "café " is five.
        #expect((findings[2].value, findings[2].line, findings[2].column) == ("bob@x.io", 2, 29))
        // The secret group, not the whole assignment.
        #expect(findings[3].value == "Xy7!pQ9z")
        #expect(findings[3].matchStart < findings[3].start)
    }

    @Test func validatorsAndEntropyDropCandidates() throws {
        let text = "4111 1111 1111 1112 GB00 WEST 1234 5698 7654 32 password = \"aaaaaaaa\""
        #expect(Scanner(rules: try testRules()).scan(text).isEmpty)
    }

    @Test func inlineAllowCommentsDropFindings() throws {
        let text = "x = tok_ABCDEFGHIJKLMNOP // tacet:allow\ny = tok_ABCDEFGHIJKLMNOQ # gitleaks:allow\nz = tok_ABCDEFGHIJKLMNOR\n"
        let findings = Scanner(rules: try testRules()).scan(text)
        #expect(findings.map(\.value) == ["tok_ABCDEFGHIJKLMNOR"])
    }

    @Test func fingerprintDependsOnRuleAndValueOnly() throws {
        let scanner = Scanner(rules: try testRules())
        let a = scanner.scan("tok_ABCDEFGHIJKLMNOP")[0]
        let b = scanner.scan("\n\n  moved: tok_ABCDEFGHIJKLMNOP")[0]
        let c = scanner.scan("tok_ABCDEFGHIJKLMNOQ")[0]
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
        #expect(a.fingerprint.count == 32)
    }

    /// Whole-buffer scans and streamed scans of every chunking find the same, each exactly once.
    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func chunkingDoesNotChangeFindings(sliceSize: Int) throws {
        let rules = try testRules(maxLength: 48)
        var rng = SplitMix(seed: UInt64(sliceSize))
        let input = plantedText(&rng, lines: 400)
        let whole = Scanner(rules: rules).scan(input)
        #expect(whole.count > 100)
        var options = Scanner.Options()
        options.chunkSize = 97  // raised to twice the overlap: boundaries every ~100 bytes
        let streamed = try streamFindings(input, rules: rules, options: options, sliceSize: sliceSize)
        expectSame(streamed, whole)
    }

    /// A stream split into parts at line starts, each scanned with its context, gives the whole
    /// scan's findings once each, with line numbers shifted by the parts before.
    @Test(arguments: [2, 3, 7])
    func partsTogetherEqualTheWhole(parts: Int) throws {
        let rules = try testRules(maxLength: 48)
        var rng = SplitMix(seed: UInt64(parts) + 40)
        let input = Array(plantedText(&rng, lines: 300).utf8)
        let whole = Scanner(rules: rules).scan(input)
        var bounds = [0]
        for k in 1..<parts {
            var cut = input.count * k / parts
            while cut < input.count, input[cut - 1] != 0x0A { cut += 1 }
            bounds.append(cut)
        }
        bounds.append(input.count)
        var options = Scanner.Options()
        options.chunkSize = 97
        var combined: [Finding] = [], linesBefore = 0
        for k in 0..<parts {
            let owned = bounds[k]..<bounds[k + 1]
            let sourceRange = max(0, owned.lowerBound - rules.maxMatchLength)..<min(input.count, owned.upperBound + rules.maxMatchLength)
            var source = ArraySource(Array(input[sourceRange]), sliceSize: 13)
            let part = Scanner.StreamPart(sourceStart: sourceRange.lowerBound, owned: owned)
            let newlines = try Scanner(rules: rules, options: options).scan(&source, path: "-", part: part) { finding in
                var finding = finding
                finding.line += linesBefore
                combined.append(finding)
            }
            #expect(newlines == input[owned].filter { $0 == 0x0A }.count)
            linesBefore += newlines
        }
        expectSame(combined, whole)
    }

    /// The prefilters never hide a match that the regex alone finds on the whole input.
    @Test(arguments: [11, 12, 13])
    func prefiltersAgreeWithWholeInputRegex(seed: UInt64) throws {
        let rules = try testRules()
        var rng = SplitMix(seed: seed)
        let input = plantedText(&rng, lines: 300)
        let reference = Scanner(rules: rules)
        reference.bypassesPrefilters = true
        let expected = reference.scan(input)
        expectSame(Scanner(rules: rules).scan(input), expected)
    }

    /// Random bytes of every value, at every small length and some larger ones: the scanner
    /// neither crashes nor disagrees with the reference, whole or streamed.
    @Test(arguments: [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 200, 1000, 5000])
    func randomBytesOfAnyLength(length: Int) throws {
        let rules = try RuleSet.defaultRules()
        var rng = SplitMix(seed: UInt64(length) &+ 2026)
        let alphabet = Array("0123456789:-@.+() abcdefABCDEF\n".utf8)
        for round in 0..<20 {
            let bytes = (0..<length).map { _ in
                round % 2 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[Int(rng.next() % UInt64(alphabet.count))]
            }
            let reference = Scanner(rules: rules)
            reference.bypassesPrefilters = true
            let whole = Scanner(rules: rules).scan(bytes)
            expectSame(whole, reference.scan(bytes))
            var source = ArraySource(bytes, sliceSize: 3)
            var streamed: [Finding] = []
            try Scanner(rules: rules).scan(&source) { streamed.append($0) }
            expectSame(streamed, whole)
        }
    }

    @Test func catastrophicRegexIsReportedAndTheScanGoesOn() throws {
        let rules = try RuleSet(RuleConfig(rules: [
            RuleDefinition(id: "evil", regex: #"^(\w+\s?)*$"#, keywords: ["aaaa"], maxLength: 4096),
            RuleDefinition(id: "test-token", regex: #"tok_[A-Za-z0-9]{16}"#, keywords: ["tok_"]),
        ]))
        let scanner = Scanner(rules: rules)
        var diagnostics: [Scanner.Diagnostic] = []
        scanner.onDiagnostic = { diagnostics.append($0) }
        let input = String(repeating: "a", count: 3000) + "!\ntok_ABCDEFGHIJKLMNOP"
        let findings = scanner.scan(input, path: "evil.txt")
        #expect(ids(findings) == ["test-token"])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.ruleID == "evil")
        #expect(diagnostics.first?.description.contains("evil.txt") == true)
    }

    @Test func bytesThatAreNotUTF8AreScanned() throws {
        var input: [UInt8] = [0xFF, 0xFE, 0x00, 0xC3]
        input += Array(" tok_ABCDEFGHIJKLMNOP ".utf8) + [0x80, 0xBF]
        #expect(ids(Scanner(rules: try testRules()).scan(input)) == ["test-token"])
    }

    @Test func genericRulesYieldToSpecificOnesOnTheSameValue() throws {
        let rules = try RuleSet(RuleConfig(rules: [
            RuleDefinition(id: "specific", regex: #"tok_[a-z]{8}"#, keywords: ["tok_"]),
            RuleDefinition(id: "generic", regex: #"token=(\S{8,})"#, keywords: ["token="], tags: ["generic"]),
        ]))
        let scanner = Scanner(rules: rules)
        #expect(ids(scanner.scan("token=tok_abcdefgh")) == ["specific"])
        #expect(ids(scanner.scan("token=Zx81!kq0p")) == ["generic"])
    }

    @Test func pathRules() throws {
        let rules = try RuleSet(RuleConfig(rules: [
            RuleDefinition(id: "pem-file", path: #"\.pem$"#),
            RuleDefinition(id: "env-only", regex: "tok_[a-z]{4}", keywords: ["tok_"], path: #"\.env$"#),
        ]))
        let scanner = Scanner(rules: rules)
        #expect(ids(scanner.scan("tok_abcd", path: "key.pem")) == ["pem-file"])
        #expect(ids(scanner.scan("tok_abcd", path: "app.env")) == ["env-only"])
        #expect(scanner.scan("tok_abcd", path: "app.txt").isEmpty)
    }

    /// An input hundreds of times the chunk size streams through with every value found once.
    /// (That memory stays flat is checked on the binary, in a process of its own:
    /// `ScanCommandTests.streamingMemoryIsBounded`.)
    @Test func streamingManyChunksFindsEveryValueOnce() throws {
        var options = Scanner.Options()
        options.chunkSize = 64 * 1024
        let scanner = Scanner(rules: try testRules(), options: options)
        let unit = Array("x tok_ABCDEFGHIJKLMNOP mail a@b.io 0123 4567\n".utf8)
        var source = RepeatingSource(unit: unit, total: unit.count * 100_000)
        var count = 0
        try scanner.scan(&source, path: "big") { _ in count += 1 }
        #expect(count == 200_000)
    }

    @Test func findingStaysSmall() {
        #expect(MemoryLayout<Finding>.size <= 96)
    }
}

/// Compares findings by rule, span, line and column, naming only the differences.
func expectSame(_ actual: [Finding], _ expected: [Finding], sourceLocation: SourceLocation = #_sourceLocation) {
    let a = actual.map(\.key), e = expected.map(\.key)
    let missing = e.filter { !a.contains($0) }, extra = a.filter { !e.contains($0) }
    #expect(missing.isEmpty && extra.isEmpty && a == e, "missing \(missing), extra \(extra)", sourceLocation: sourceLocation)
}

extension Finding {
    var key: String { "\(rule.id)@\(start)-\(end):\(line):\(column)" }
}

func streamFindings(_ text: String, rules: RuleSet, options: Scanner.Options, sliceSize: Int) throws -> [Finding] {
    var source = ArraySource(Array(text.utf8), sliceSize: sliceSize)
    var findings: [Finding] = []
    try Scanner(rules: rules, options: options).scan(&source, path: "-") { findings.append($0) }
    return findings
}

/// Random text lines with planted tokens, emails, cards, IBANs, MACs and near misses.
func plantedText(_ generator: inout SplitMix, lines: Int) -> String {
    var rng = generator
    defer { generator = rng }
    let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    func word(_ n: Int) -> String { String((0..<n).map { _ in alphabet[Int(rng.next() % 62)] }) }
    let plants: [() -> String] = [
        { "tok_" + word(16) }, { "tok_" + word(15) }, { word(5).lowercased() + "@" + word(4).lowercased() + ".com" },
        { "4111 1111 1111 1111" }, { "5500-0000-0000-0004" }, { "GB82 WEST 1234 5698 7654 32" }, { "DE89370400440532013000" },
        { "00:1a:2b:3c:4d:5e" }, { "password = \"" + word(12) + "\"" }, { "ZQZQ" + String(rng.next() % 900 + 100) },
        { "1.2.3.4" }, { "@" }, { "12:30:45" },
    ]
    var text = ""
    for _ in 0..<lines {
        for _ in 0..<Int(rng.next() % 4) {
            text += word(Int(rng.next() % 12) + 1) + (rng.next() % 3 == 0 ? " " : "  ")
            text += plants[Int(rng.next() % UInt64(plants.count))]() + " "
        }
        text += "é\n"
    }
    return text
}

/// `unit` repeated until `total` bytes, generated as it is read.
struct RepeatingSource: ByteSource {
    let unit: [UInt8]
    var remaining: Int
    var position = 0
    init(unit: [UInt8], total: Int) {
        self.unit = unit
        remaining = total
    }
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, remaining)
        for i in 0..<count {
            buffer[i] = unit[position]
            position = position + 1 == unit.count ? 0 : position + 1
        }
        remaining -= count
        return count
    }
}


import Testing
@testable import TacetCore

/// The personal-data side of the default pack: every entity the pack promises has a rule, and
/// rules behave as documented on whole prompts (context, confidence, look-alikes).
@Suite struct PIIPackTests {
    static let rules = try! RuleSet.defaultRules()

    static func found(_ text: String) -> [(entity: String, value: String, confidence: Double)] {
        Scanner(rules: rules).scan(text).map { ($0.rule.entity, $0.value, $0.confidence) }
    }

    @Test func everyPromisedEntityHasARule() {
        let pii = [
            "EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS", "MAC_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
            "US_ITIN", "US_PASSPORT", "US_DRIVER_LICENSE", "UK_NINO", "UK_NHS", "CA_SIN", "DE_TAX_ID", "DE_ID_CARD",
            "FR_NIR", "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "NL_BSN", "IN_AADHAAR", "IN_PAN", "AU_TFN", "AU_MEDICARE",
            "BR_CPF", "BR_CNPJ", "DATE_OF_BIRTH", "STREET_ADDRESS", "POSTAL_CODE", "CRYPTO",
        ]
        for entity in pii {
            let rules = Self.rules.rules.filter { $0.entity == entity }
            #expect(!rules.isEmpty, "no rule for \(entity)")
            #expect(rules.allSatisfy { $0.category == .pii }, "\(entity) should be pii")
        }
        let url = Self.rules.rules.filter { $0.entity == "URL_CREDENTIALS" }
        #expect(!url.isEmpty && url.allSatisfy { $0.category == .secret })
    }

    /// No personal-data rule runs its regex over every byte.
    @Test func everyPIIRuleHasAPrefilterOrKeywords() {
        #expect(Self.rules.rulesWithoutPrefilter.map(\.id) == [])
    }

    @Test func aPromptWithManyIdentifiersFindsEachOnce() {
        let prompt = """
            Hi, I'm Ana (DOB 12/03/1985). Tel. 020 7946 0958, card 4111 1111 1111 1111, IBAN \
            DE89 3704 0044 0532 0130 00. My NHS number is 943 476 5919 and my CPF 529.982.247-25. \
            Ship to 221B Baker Street, London, postcode NW1 6XE. BTC: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4
            """
        let entities = Self.found(prompt).map(\.entity)
        #expect(entities == [
            "DATE_OF_BIRTH", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "UK_NHS", "BR_CPF", "STREET_ADDRESS",
            "POSTAL_CODE", "CRYPTO",
        ])
    }

    @Test func contextWordsRaiseAPhoneNumbersConfidence() throws {
        let bare = try #require(Self.found("see 020 7946 0958").first)
        let withWord = try #require(Self.found("Tel: 020 7946 0958").first)
        #expect(bare.entity == "PHONE_NUMBER" && withWord.entity == "PHONE_NUMBER")
        #expect(withWord.confidence > bare.confidence)
    }

    /// Version numbers, timestamps, dates, UUIDs, hashes and checksum failures that look like
    /// personal data are not reported as it.
    @Test(arguments: [
        "Updated to version 10.0.19045.3803 on 2024-01-15 09:30:00",
        "request 550e8400-e29b-41d4-a716-446655440000 took 1234567 ns",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
        "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "card 4111 1111 1111 1112 declined",
        "NHS number: 943 476 5918",
        "CPF 529.982.247-26",
        "timestamp 1700000000123, build 20240115.3",
        "Released 01.02.2024 10:30, see page 12",
    ])
    func lookAlikesAreNotPersonalData(_ text: String) {
        let pii = Scanner(rules: Self.rules).scan(text).filter { $0.rule.category == .pii }
        #expect(pii.isEmpty, "\(pii.map { "\($0.rule.id): \($0.value)" })")
    }
}

extension PIIPackTests {
    /// Context windows reach past a match, so they add to the overlap between chunks: the
    /// default pack's examples, repeated with shifting padding so chunk boundaries fall
    /// everywhere, give the same findings streamed as whole.
    @Test func streamingWithContextRulesEqualsTheWholeScan() throws {
        let examples = Self.rules.rules.filter { $0.category == .pii }.flatMap(\.definition.examples)
        var text = ""
        for round in 0..<30 {
            for (index, example) in examples.enumerated() {
                text += String(repeating: " ", count: (round * 7 + index) % 23) + example + "\n"
            }
        }
        let whole = Scanner(rules: Self.rules).scan(text)
        #expect(whole.count > examples.count * 10)
        var options = Scanner.Options()
        options.chunkSize = 1  // raised to twice the overlap (about 33 KB): several chunks
        #expect(text.utf8.count > 3 * 2 * Self.rules.maxMatchLength)
        let streamed = try streamFindings(text, rules: Self.rules, options: options, sliceSize: 4093)
        expectSame(streamed, whole)
        #expect(streamed.map(\.confidence) == whole.map(\.confidence))
    }
}

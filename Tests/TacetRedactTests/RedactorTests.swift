import Testing
import TacetCore
import TacetRedact

@Suite struct RedactorTests {
    static func redactor(_ toml: String, hashKey: [UInt8]? = nil) throws -> Redactor {
        Redactor(policy: try RedactionPolicy(toml: toml, file: "p.toml"), hashKey: hashKey)
    }

    @Test func theSameValueGetsTheSamePlaceholderAndNumbersCountPerEntity() throws {
        let (result, session) = try Fixtures.redact(
            "a jane.doe@acme-corp.com b ana@example.org c jane.doe@acme-corp.com d AKIAVQJXXVBOTHD2WTFL")
        #expect(result.text == "a <EMAIL_ADDRESS_1> b <EMAIL_ADDRESS_2> c <EMAIL_ADDRESS_1> d <SECRET_1>")
        #expect(session.map.count == 3)
        #expect(result.detections.map(\.ruleID) == ["email-address", "email-address", "email-address", "aws-access-key-id"])
        #expect(result.detections[0].span == 2..<24)
        #expect(result.detections[0].placeholder == "<EMAIL_ADDRESS_1>")
    }

    @Test func aPlaceholderNeverEqualsTextAlreadyInThePayload() throws {
        let (result, session) = try Fixtures.redact(
            "jane.doe@acme-corp.com then <EMAIL_ADDRESS_1> and <email_address_2> later")
        #expect(result.text == "<EMAIL_ADDRESS_3> then <EMAIL_ADDRESS_1> and <email_address_2> later")
        #expect(StreamingRestorer.restore(result.text, with: session.map)
            == "jane.doe@acme-corp.com then <EMAIL_ADDRESS_1> and <email_address_2> later")
    }

    @Test func reservingEveryPartFirstKeepsPlaceholdersClearOfLaterParts() throws {
        let redactor = Redactor()
        let scanner = TacetCore.Scanner(rules: Fixtures.rules)
        let parts = ["mail jane.doe@acme-corp.com", "the model said <EMAIL_ADDRESS_1>"]
        let session = redactor.makeSession()
        parts.forEach(session.reserve)
        let first = try redactor.redact(parts[0], findings: scanner.scan(parts[0]), in: session)
        #expect(first.text == "mail <EMAIL_ADDRESS_2>")
    }

    @Test func textEqualToAnIssuedPlaceholderLaterIsReplacedSoItRestores() throws {
        // Without reserving the second part first (as a stream cannot), its literal
        // placeholder is replaced too and comes back as itself.
        let redactor = Redactor()
        let scanner = TacetCore.Scanner(rules: Fixtures.rules)
        let session = redactor.makeSession()
        let parts = ["mail jane.doe@acme-corp.com", "the model said <EMAIL_ADDRESS_1>"]
        let results = try parts.map { try redactor.redact($0, findings: scanner.scan($0), in: session) }
        #expect(results.map(\.text) == ["mail <EMAIL_ADDRESS_1>", "the model said <PLACEHOLDER_1>"])
        #expect(results[1].detections.isEmpty)
        #expect(results.map { StreamingRestorer.restore($0.text, with: session.map) } == parts)
    }

    /// Two rules whose findings overlap: a URL's password, and an address-like span that
    /// takes in the password and the host.
    static let overlappingRules = try! RuleSet(RuleLoader.load([RuleSource(name: "overlap.toml", text: """
        [[rules]]
        id = "url-password"
        regex = '''://[a-z]+:([^@\\s]+)@'''
        keywords = ["://"]
        category = "secret"
        entity = "URL_CREDENTIALS"

        [[rules]]
        id = "at-address"
        regex = '''[A-Za-z0-9]+@[a-z.]+\\.com'''
        prefilter = "at"
        category = "pii"
        entity = "EMAIL_ADDRESS"
        """)], defaults: [], useDefaults: false))

    static func redactOverlapping(_ text: String, _ redactor: Redactor) throws -> (Redactor.Result, RedactionSession) {
        let session = redactor.makeSession()
        let findings = TacetCore.Scanner(rules: overlappingRules).scan(text)
        return (try redactor.redact(text, findings: findings, in: session), session)
    }

    @Test func overlappingFindingsMergeIntoOneAndTheSpecificLongerOneWins() throws {
        let text = "db https://admin:S3cr3tPassw0rdX9@db.example.com/app ok"
        let findings = TacetCore.Scanner(rules: Self.overlappingRules).scan(text)
        #expect(Set(findings.map(\.rule.id)) == ["url-password", "at-address"])
        let session = Redactor().makeSession()
        let result = try Redactor().redact(text, findings: findings, in: session)
        #expect(result.detections.count == 1)
        #expect(result.detections[0].ruleID == "at-address")  // the longer span
        #expect(result.text == "db https://admin:<EMAIL_ADDRESS_1>/app ok")
        // The order findings arrive in does not matter.
        let reversed = try Redactor().redact(text, findings: findings.reversed(), in: Redactor().makeSession())
        #expect(reversed.text == result.text)
        #expect(StreamingRestorer.restore(result.text, with: session.map) == text)
    }

    @Test func anOverlapNeverUndoesABlockOrLetsAnAllowWin() throws {
        let text = "db https://admin:S3cr3tPassw0rdX9@db.example.com/app ok"
        let (blocked, _) = try Self.redactOverlapping(text, try Self.redactor("[actions]\nurl-password = \"block\""))
        #expect(blocked.isBlocked)
        #expect(blocked.detections.map(\.action) == [.block])
        #expect(!blocked.text.contains("S3cr3t"))
        let (allowed, _) = try Self.redactOverlapping(text, try Self.redactor("[actions]\nEMAIL_ADDRESS = \"allow\""))
        #expect(allowed.detections.map(\.ruleID) == ["url-password"])
        #expect(allowed.text == "db https://admin:<URL_CREDENTIALS_1>/app ok")
    }

    @Test func maskKeepsTheDocumentedPart() throws {
        let redactor = try Self.redactor("[defaults]\npii = \"mask\"\nsecret = \"mask\"")
        let cases = [
            ("card 4111 1111 1111 1111 end", "card **** **** **** 1111 end"),
            ("mail jane.doe@acme-corp.com end", "mail *****@acme-corp.com end"),
            ("ssn 536-22-8147 end", "ssn ***-**-8147 end"),
            ("iban DE89 3704 0044 0532 0130 00 end", "iban **** **** **** **** **30 00 end"),
            ("ip 203.0.113.42 end", "ip 203.0.*.* end"),
            ("mac 00:1A:2B:3C:4D:5E end", "mac 00:1A:2B:*:*:* end"),
            ("key AKIAVQJXXVBOTHD2WTFL end", "key AKIA***** end"),
        ]
        for (text, expected) in cases {
            let (result, session) = try Fixtures.redact(text, redactor)
            #expect(result.text == expected)
            #expect(session.map.isEmpty, "a mask keeps nothing to restore")
        }
    }

    @Test func hashIsStableAcrossSessionsAndKeysAndRestores() throws {
        let key = Array("a hash key of at least sixteen bytes".utf8)
        let redactor = try Self.redactor("[actions]\nEMAIL_ADDRESS = \"hash\"", hashKey: key)
        let text = "mail jane.doe@acme-corp.com"
        let (first, session) = try Fixtures.redact(text, redactor)
        let (second, _) = try Fixtures.redact("again: " + text, redactor)
        let pseudonym = try #require(first.detections.first?.placeholder)
        #expect(pseudonym.hasPrefix("<EMAIL_ADDRESS_") && pseudonym.count == "<EMAIL_ADDRESS_>".count + 10)
        #expect(second.text == "again: mail " + pseudonym)
        let otherKey = try Self.redactor("[actions]\nEMAIL_ADDRESS = \"hash\"", hashKey: Array("another key, also long enough".utf8))
        #expect(try Fixtures.redact(text, otherKey).0.text != first.text)
        #expect(StreamingRestorer.restore(first.text, with: session.map) == text)
        #expect(throws: RedactionError.noHashKey(entity: "EMAIL_ADDRESS")) {
            try Fixtures.redact(text, try Self.redactor("[actions]\nEMAIL_ADDRESS = \"hash\""))
        }
    }

    @Test func removeAndAllow() throws {
        let redactor = try Self.redactor("[actions]\nEMAIL_ADDRESS = \"remove\"\nSECRET = \"allow\"")
        let (result, session) = try Fixtures.redact("a jane.doe@acme-corp.com b AKIAVQJXXVBOTHD2WTFL", redactor)
        #expect(result.text == "a  b AKIAVQJXXVBOTHD2WTFL")
        #expect(result.detections.map(\.action) == [.remove, .allow])
        #expect(session.map.isEmpty)
    }

    @Test func aCustomFormat() throws {
        let redactor = try Self.redactor("[placeholder]\nformat = \"[{n}:{entity}]\"")
        let (result, session) = try Fixtures.redact("a jane.doe@acme-corp.com", redactor)
        #expect(result.text == "a [1:EMAIL_ADDRESS]")
        #expect(StreamingRestorer.restore(result.text, with: session.map) == "a jane.doe@acme-corp.com")
    }
}

import Testing
import TacetCore
import TacetRedact

@Suite struct RedactionPolicyTests {
    @Test func readsDefaultsActionsAndFormat() throws {
        let policy = try RedactionPolicy(toml: """
            [defaults]
            secret = "block"
            pii = "mask"
            [actions]
            EMAIL_ADDRESS = "hash"
            email-address = "allow"
            US_SSN = "remove"
            [placeholder]
            format = "[{entity}#{n}]"
            """, file: "p.toml")
        #expect(policy.action(ruleID: "email-address", entity: "EMAIL_ADDRESS", category: .pii) == .allow)  // rule id wins
        #expect(policy.action(ruleID: "other-email", entity: "EMAIL_ADDRESS", category: .pii) == .hash)
        #expect(policy.action(ruleID: "us-ssn", entity: "US_SSN", category: .pii) == .remove)
        #expect(policy.action(ruleID: "iban", entity: "IBAN_CODE", category: .pii) == .mask)
        #expect(policy.action(ruleID: "github-pat", entity: "SECRET", category: .secret) == .block)
        #expect(String(decoding: policy.placeholderFormat.make(entity: "X", number: "3"), as: UTF8.self) == "[X#3]")
    }

    @Test func theDefaultsRedactEverything() {
        let policy = RedactionPolicy.standard
        for rule in Fixtures.rules.rules { #expect(policy.action(for: rule) == .redact) }
    }

    @Test(arguments: [
        ("[actions]\nEMAIL_ADDRESS = \"scramble\"", "p.toml: actions.EMAIL_ADDRESS: unknown action \"scramble\" (expected one of redact, mask, hash, remove, block, allow)"),
        ("[actions]\nEMAIL_ADDRESS = 3", "p.toml: actions.EMAIL_ADDRESS: must be a string, one of redact, mask, hash, remove, block, allow"),
        ("[defaults]\nsecrets = \"block\"", "p.toml: defaults.secrets: unknown key (expected secret or pii)"),
        ("[action]\nX = \"block\"", "p.toml: action: unknown key (expected [defaults], [actions] or [placeholder])"),
        ("[placeholder]\nformat = \"{entity}_{n}\"", "p.toml: placeholder.format: \"{entity}_{n}\": must start and end with two different punctuation characters other than braces, like < and >"),
        ("[placeholder]\nformat = \"<{entity}<{n}>\"", "p.toml: placeholder.format: \"<{entity}<{n}>\": its first and last characters must not occur inside it"),
        ("[placeholder]\nformat = \"<{entity}>\"", "p.toml: placeholder.format: \"<{entity}>\": must contain {n} exactly once"),
    ])
    func badPoliciesSayWhatAndWhere(toml: String, message: String) {
        #expect(throws: PolicyError.self) { try RedactionPolicy(toml: toml, file: "p.toml") }
        do {
            _ = try RedactionPolicy(toml: toml, file: "p.toml")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aTOMLSyntaxErrorHasItsLine() {
        do {
            _ = try RedactionPolicy(toml: "[actions]\nEMAIL = ", file: "p.toml")
            Issue.record("parsed")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("p.toml:2:"))
        }
    }
}

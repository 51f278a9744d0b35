import Foundation
import Testing

/// Which rules `tacet scan` uses: the embedded pack from any folder, `.tacet.toml` or
/// `.gitleaks.toml` beside it, `--rules` files, and errors that say what and where.
@Suite struct RuleDiscoveryTests {
    static let awsKey = "AKIAQ3EGRJ7WXZ5TKN2B"
    /// Its last six characters are the CRC-32 checksum the github-pat rule checks.
    static let github = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW11ySowm"

    static func rules(_ jsonl: String) -> [String] {
        jsonl.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["rule"] as? String
        }
    }

    @Test func embeddedPackWorksFromAnyFolder() throws {
        let tree = try TemporaryTree(["config.py": "aws_key = \"\(Self.awsKey)\"\nowner = \"ana.lima@example.org\"\n"])
        let result = try TacetProcess.run(["scan", "--format", "jsonl"], in: tree.url)
        #expect(result.status == 1)
        #expect(Self.rules(result.stdout).sorted() == ["aws-access-key-id", "email-address"])
    }

    /// A `.gitleaks.toml` in the folder adds its rules and allowlists to the defaults.
    @Test func gitleaksConfigAddsToTheDefaults() throws {
        let tree = try TemporaryTree([
            ".gitleaks.toml": """
                title = "team config"
                [extend]
                useDefault = true
                disabledRules = ["email-address"]

                [[rules]]
                id = "acme-token"
                regex = '''acme_[a-z0-9]{12}'''
                keywords = ["acme_"]
                  [[rules.allowlists]]
                  stopwords = ["example"]

                [[allowlists]]
                paths = ['''(^|/)fixtures/''']
                """,
            "app.env": "ACME=acme_k3j4h5g6f7d8\nSAMPLE=acme_example12345\nmail ana@example.org\nTOKEN=\(Self.github)\n",
            "fixtures/seed.env": "ACME=acme_k3j4h5g6f7d8\n",
        ])
        let result = try TacetProcess.run(["scan", "--format", "jsonl", "."], in: tree.url)
        #expect(Self.rules(result.stdout).sorted() == ["acme-token", "github-pat"])
    }

    @Test func useDefaultFalseReplacesTheDefaults() throws {
        let tree = try TemporaryTree([
            ".tacet.toml": """
                [extend]
                useDefault = false
                [[rules]]
                id = "acme-token"
                regex = '''acme_[a-z0-9]{12}'''
                keywords = ["acme_"]
                """,
            "a.txt": "acme_k3j4h5g6f7d8 \(Self.awsKey)\n",
        ])
        let result = try TacetProcess.run(["scan", "--format", "jsonl", "."], in: tree.url)
        #expect(Self.rules(result.stdout) == ["acme-token"])
    }

    @Test func invalidRuleNamesFileRuleAndPCRE2Offset() throws {
        let tree = try TemporaryTree([
            "bad.toml": "[[rules]]\nid = \"broken\"\nregex = '''abc(def'''\nkeywords = [\"abc\"]\n",
            "a.txt": "abc\n",
        ])
        let result = try TacetProcess.run(["scan", "--rules", "bad.toml", "a.txt"], in: tree.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.toml"))
        #expect(result.stderr.contains("rule \"broken\""))
        #expect(result.stderr.contains("missing closing parenthesis at offset 7"))
    }
}

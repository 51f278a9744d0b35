import TacetCore
@testable import TacetCLI

/// Rules and findings for the reporter tests, independent of the default pack.
enum ReporterFixtures {
    static let rules: RuleSet = {
        do {
            return try RuleSet(RuleConfig(rules: [
                RuleDefinition(
                    id: "test-token", description: "Test token", regex: #"\btok_[A-Za-z0-9]{16}\b"#,
                    keywords: ["tok_"], tags: ["secret", "test"], severity: .critical, confidence: 0.75),
                RuleDefinition(
                    id: "email", regex: #"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,63}\.[A-Za-z]{2,24}"#,
                    category: .pii, entity: "EMAIL_ADDRESS", prefilter: .at),
                // Values with commas, quotes, newlines and control characters, for escaping.
                RuleDefinition(
                    id: "odd-value", description: "Odd \"value\"", regex: #"(?s)odd<(.+?)>"#, keywords: ["odd<"],
                    category: .pii, entity: "NOTE", severity: .low),
                RuleDefinition(id: "pem-file", description: "PEM file", path: #"\.pem$"#),
            ]))
        } catch {
            fatalError("test rules: \(error)")
        }
    }()

    static let text = """
        key = tok_ABCDEFGHIJKLMNOP
        mail ana@example.org and odd<a,"b"
        c\u{01}\\> done
        """

    /// In order: test-token (line 1), email (line 2), odd-value (lines 2–3).
    static func findings(path: String = "src/config.txt") -> [Finding] {
        TacetCore.Scanner(rules: rules).scan(text, path: path)
    }

    /// A finding about a whole file (line 0, empty value).
    static func fileFinding() -> Finding {
        TacetCore.Scanner(rules: rules).scan("", path: "certs/server.pem")[0]
    }

    static func render(_ reporter: some Reporter, _ findings: [Finding]) -> String {
        var reporter = reporter
        return reporter.begin() + findings.map { reporter.report($0) }.joined() + reporter.end()
    }
}

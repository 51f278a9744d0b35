import TacetCore

/// The rules of a scan, in this order: the embedded default pack (unless `useDefaults` is
/// false), then `.tacet.toml` in `discoveryFolder` or, when there is none, `.gitleaks.toml`
/// there, then each of `ruleFiles` in the order given.
///
/// - Throws: `RuleSetError` naming the file, rule and problem; ``CLIError`` for a file that
///   cannot be read.
func loadRuleSet(ruleFiles: [String], useDefaults: Bool, discoveryFolder: String) throws -> RuleSet {
    // Stand-in until `RuleLoader` and `DefaultRulePack` land: two built-in rules stand for the
    // default pack, and rule files are refused.
    guard ruleFiles.isEmpty else { throw CLIError("--rules: this build cannot read rule files yet") }
    guard useDefaults else { return try RuleSet(RuleConfig()) }
    return try RuleSet(RuleConfig(rules: [
        RuleDefinition(
            id: "email", description: "Email address",
            regex: #"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,63}\.[A-Za-z]{2,24}"#, tags: ["pii", "contact"],
            category: .pii, entity: "EMAIL_ADDRESS", confidence: 0.9, prefilter: .at, maxLength: 160),
        RuleDefinition(
            id: "test-token", description: "Test token", regex: #"\btok_[A-Za-z0-9]{16}\b"#, keywords: ["tok_"],
            tags: ["secret", "test"], maxLength: 32),
    ]))
}

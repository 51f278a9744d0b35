/// The contents of one rule file: rules, global allowlists and what it extends.
public struct RuleConfig: Sendable, Equatable {
    /// `[extend]`: what this file builds on.
    public struct Extend: Sendable, Equatable {
        /// `useDefault`: build on the default pack. `nil` when the file does not say; Tacet then
        /// keeps the defaults (it never drops them silently), unlike gitleaks.
        public var useDefault: Bool?
        /// `path`: another rule file to build on, relative to this file's folder.
        public var path: String?
        /// `disabledRules`: rule ids of the base to leave out.
        public var disabledRules: [String]

        public init(useDefault: Bool? = nil, path: String? = nil, disabledRules: [String] = []) {
            self.useDefault = useDefault
            self.path = path
            self.disabledRules = disabledRules
        }
    }

    public var title: String?
    /// The top-level `description` gitleaks also reads.
    public var description: String?
    public var extend: Extend?
    public var rules: [RuleDefinition]
    /// Global allowlists: `[[allowlists]]` and the older singular `[allowlist]`.
    public var allowlists: [Allowlist]
    /// `[[dictionaries]]`: word lists matched on word boundaries.
    public var dictionaries: [DictionaryDefinition]
    /// Things loading noticed but did not refuse, each naming its file, place and key: unknown
    /// keys (gitleaks ignores them; we report them so a misspelt Tacet key is not lost), and
    /// references to rules that do not exist.
    public var warnings: [String]

    public init(
        title: String? = nil, description: String? = nil, extend: Extend? = nil,
        rules: [RuleDefinition] = [], allowlists: [Allowlist] = [], dictionaries: [DictionaryDefinition] = [],
        warnings: [String] = []
    ) {
        self.title = title
        self.description = description
        self.extend = extend
        self.rules = rules
        self.allowlists = allowlists
        self.dictionaries = dictionaries
        self.warnings = warnings
    }
}

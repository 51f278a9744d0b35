import TOMLKit

extension RedactionPolicy {
    /// Reads a policy file:
    ///
    /// ```toml
    /// [defaults]
    /// secret = "redact"        # the action for secrets no key below names
    /// pii = "redact"           # the action for personal data no key below names
    ///
    /// [actions]                # rule id or entity = action; a rule id wins
    /// EMAIL_ADDRESS = "mask"
    /// private-key = "block"
    ///
    /// [placeholder]
    /// format = "<{entity}_{n}>"
    /// ```
    ///
    /// - Throws: ``PolicyError`` naming the file, the key and the problem (a TOML syntax error
    ///   with its line and column); unknown tables and keys are errors too, since a misspelt
    ///   key in a policy would silently let data through.
    public init(toml: String, file: String) throws(PolicyError) {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            throw PolicyError(
                file: file, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch {
            throw PolicyError(file: file, message: "\(error)")
        }
        try self.init(table: root, file: file)
    }

    /// Reads a policy from `table`: the root of a policy file, or the `[policy]` table of
    /// `tacet.toml` (then `keyPrefix` is `policy.`, so errors name the key as written).
    public init(table root: TOMLTable, file: String, keyPrefix: String = "") throws(PolicyError) {
        func fail(_ key: String, _ message: String) -> PolicyError { PolicyError(file: file, key: keyPrefix + key, message: message) }
        func table(_ name: String) throws(PolicyError) -> TOMLTable? {
            guard let value = root[name] else { return nil }
            guard let table = value.table else { throw fail(name, "must be a table") }
            return table
        }
        func action(_ key: String, _ value: any TOMLValueConvertible) throws(PolicyError) -> RedactionAction {
            try RedactionAction(toml: value, file: file, key: keyPrefix + key)
        }
        for key in root.keys where !["defaults", "actions", "placeholder"].contains(key) {
            throw fail(key, "unknown key (expected [defaults], [actions] or [placeholder])")
        }
        var policy = RedactionPolicy()
        if let defaults = try table("defaults") {
            for (key, value) in defaults {
                switch key {
                case "secret": policy.secretDefault = try action("defaults.secret", value)
                case "pii": policy.piiDefault = try action("defaults.pii", value)
                default: throw fail("defaults.\(key)", "unknown key (expected secret or pii)")
                }
            }
        }
        if let actions = try table("actions") {
            for (key, value) in actions { policy.actions[key] = try action("actions.\(key)", value) }
        }
        if let placeholder = try table("placeholder") {
            for (key, value) in placeholder {
                guard key == "format" else { throw fail("placeholder.\(key)", "unknown key (expected format)") }
                guard let template = value.string else { throw fail("placeholder.format", "must be a string") }
                do {
                    policy.placeholderFormat = try PlaceholderFormat(template)
                } catch {
                    throw PolicyError(file: file, key: error.key.map { keyPrefix + $0 }, message: error.message)
                }
            }
        }
        self = policy
    }
}

extension RedactionAction {
    /// Reads an action name; `key` names the place for the error.
    public init(toml value: any TOMLValueConvertible, file: String, key: String) throws(PolicyError) {
        let names = RedactionAction.allCases.map(\.rawValue).joined(separator: ", ")
        guard let string = value.string else { throw PolicyError(file: file, key: key, message: "must be a string, one of \(names)") }
        guard let action = RedactionAction(rawValue: string) else {
            throw PolicyError(file: file, key: key, message: "unknown action \"\(string)\" (expected one of \(names))")
        }
        self = action
    }
}

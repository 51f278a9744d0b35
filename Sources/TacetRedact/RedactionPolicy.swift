import TacetCore

/// What to do with each detected value: an action per rule id or entity, with a default per
/// category, and the placeholder format.
///
/// The action for a finding is, first match wins: `actions[rule id]`, then
/// `actions[entity]`, then the default of the rule's category (`secret` or `pii`).
/// The defaults redact both categories: every value becomes a placeholder that restores.
public struct RedactionPolicy: Sendable, Equatable {
    /// Keyed by rule id (`aws-access-key-id`) or entity (`EMAIL_ADDRESS`); a rule id wins.
    public var actions: [String: RedactionAction]
    public var secretDefault: RedactionAction
    public var piiDefault: RedactionAction
    public var placeholderFormat: PlaceholderFormat

    public init(
        actions: [String: RedactionAction] = [:], secretDefault: RedactionAction = .redact,
        piiDefault: RedactionAction = .redact, placeholderFormat: PlaceholderFormat = .standard
    ) {
        self.actions = actions
        self.secretDefault = secretDefault
        self.piiDefault = piiDefault
        self.placeholderFormat = placeholderFormat
    }

    public static let standard = RedactionPolicy()

    public func action(ruleID: String, entity: String, category: RuleCategory) -> RedactionAction {
        if let action = actions[ruleID] ?? actions[entity] { return action }
        return category == .secret ? secretDefault : piiDefault
    }

    public func action(for rule: Rule) -> RedactionAction {
        action(ruleID: rule.id, entity: rule.entity, category: rule.category)
    }
}

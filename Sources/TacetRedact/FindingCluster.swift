import TacetCore

/// Findings whose spans overlap, replaced as one: the union of their spans, with the entity,
/// rule and action of the member that wins.
///
/// The winner is, in order: a finding whose action is not `allow`; a rule not tagged
/// `generic`; the longer span; the rule that comes first in the rule set. Whatever wins, the
/// cluster is blocked when any member's action is `block`, so an overlap never lets a blocked
/// value through; and the whole union is replaced, so no part of any member stays in clear.
struct FindingCluster {
    struct Member {
        var span: Range<Int>
        /// `nil` for text that equals an issued placeholder and is replaced so it restores.
        var rule: Rule?
        var action: RedactionAction
        var isGeneric: Bool
    }

    private(set) var span: Range<Int>
    private(set) var winner: Member
    private(set) var isBlocked: Bool

    init(_ member: Member) {
        span = member.span
        winner = member
        isBlocked = member.action == .block
    }

    func overlaps(_ member: Member) -> Bool { member.span.lowerBound < span.upperBound }

    mutating func add(_ member: Member) {
        span = min(span.lowerBound, member.span.lowerBound)..<max(span.upperBound, member.span.upperBound)
        isBlocked = isBlocked || member.action == .block
        if Self.rank(member) > Self.rank(winner) { winner = member }
    }

    var action: RedactionAction { isBlocked ? .block : winner.action }
    var entity: String { winner.rule?.entity ?? Self.placeholderEntity }
    var ruleID: String { winner.rule?.id ?? Self.placeholderEntity.lowercased() }

    /// The entity of text that looked like an issued placeholder.
    static let placeholderEntity = "PLACEHOLDER"

    private static func rank(_ member: Member) -> (Int, Int, Int, Int, Int) {
        (member.action == .allow ? 0 : 1, member.rule == nil ? 0 : 1, member.isGeneric ? 0 : 1,
         member.span.count, -(member.rule?.index ?? Int.max))
    }
}

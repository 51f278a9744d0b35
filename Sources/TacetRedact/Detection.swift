/// One value the redactor acted on: what it was, which rule found it, what was done and where.
/// It never holds the value: only the placeholder or pseudonym that replaced it.
public struct Detection: Sendable, Equatable, CustomStringConvertible {
    public var entity: String
    public var ruleID: String
    public var action: RedactionAction
    /// Byte offsets of the value in the input (`upperBound` exclusive). When findings overlap,
    /// the union of their spans.
    public var span: Range<Int>
    /// The text that replaced the value for `redact` and `hash` (for `block` too, so the
    /// refused payload never held the value either); `nil` otherwise.
    public var placeholder: String?

    public var description: String { "\(entity) (rule \(ruleID)) at bytes \(span.lowerBound)..<\(span.upperBound): \(action.rawValue)" }
}

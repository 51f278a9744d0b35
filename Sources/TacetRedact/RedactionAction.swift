/// What a policy does with one detected value.
public enum RedactionAction: String, Sendable, CaseIterable, Codable {
    /// Replace with a typed, numbered placeholder (`<EMAIL_ADDRESS_1>`) that restores.
    case redact
    /// Keep a documented part (a card's last four digits, an email's domain); does not restore.
    case mask
    /// Replace with a keyed HMAC pseudonym, the same for the same value in every request; restores.
    case hash
    /// Delete the value.
    case remove
    /// Refuse the whole payload.
    case block
    /// Leave the value as it is.
    case allow

    /// How strongly an action protects, to pick one when findings overlap: a block is never
    /// undone by an overlapping finding, and `allow` never wins over anything else.
    var strictness: Int {
        switch self {
        case .allow: 0
        case .remove, .mask: 1
        case .hash, .redact: 2
        case .block: 3
        }
    }
}

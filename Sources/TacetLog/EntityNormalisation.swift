/// The canonical form of a value before it is digested, per entity, so the same email, card
/// or phone number written two ways has one digest.
///
/// | entity | normal form |
/// | --- | --- |
/// | `EMAIL_ADDRESS` | trimmed, lowercased |
/// | `PHONE_NUMBER`, `CREDIT_CARD`, `US_SSN` | the ASCII digits only |
/// | `IBAN_CODE` | letters and digits only, uppercased |
/// | `MAC_ADDRESS` | hex digits only, lowercased |
/// | `IP_ADDRESS` | trimmed, lowercased |
/// | anything else (`SECRET`, …) | trimmed |
public enum EntityNormalisation {
    /// The entities with a normal form of their own, which `lookup` tries when no entity is given.
    public static let knownEntities = [
        "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "MAC_ADDRESS", "IP_ADDRESS",
    ]

    public static func normalise(_ value: some StringProtocol, entity: String) -> String {
        switch entity {
        case "EMAIL_ADDRESS", "IP_ADDRESS":
            return trimmed(value).lowercased()
        case "PHONE_NUMBER", "CREDIT_CARD", "US_SSN":
            return ascii(value) { (0x30...0x39).contains($0) }
        case "IBAN_CODE":
            return ascii(value, isASCIIAlphanumeric).uppercased()
        case "MAC_ADDRESS":
            return ascii(value, isASCIIHexDigit).lowercased()
        default:
            return trimmed(value)
        }
    }

    private static func trimmed(_ value: some StringProtocol) -> String {
        // Most values start and end with a visible ASCII character: nothing to trim.
        let string = String(value)
        if let first = string.utf8.first, let last = string.utf8.last, isVisibleASCII(first), isVisibleASCII(last) {
            return string
        }
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// The ASCII bytes of `value` that `keep` accepts (multi-byte characters never match).
    private static func ascii(_ value: some StringProtocol, _ keep: (UInt8) -> Bool) -> String {
        String(decoding: value.utf8.filter(keep), as: UTF8.self)
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool { (0x21...0x7e).contains(byte) }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
    }

    private static func isASCIIHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}

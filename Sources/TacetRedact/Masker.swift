/// The `mask` action: keeps a documented part of a value and stars the rest. A mask does not
/// restore and is not in the placeholder map.
///
/// | entity | kept |
/// | --- | --- |
/// | `CREDIT_CARD`, `US_SSN`, `PHONE_NUMBER`, `IBAN_CODE` | the last 4 letters or digits, and separators |
/// | `EMAIL_ADDRESS` | the domain: `*****@example.org` |
/// | `IP_ADDRESS` | IPv4: the first two numbers (`192.168.*.*`); IPv6: the first two groups (`2001:db8:*`) |
/// | `MAC_ADDRESS` | the first three octets, the maker's prefix (`00:1a:2b:*:*:*`) |
/// | anything else (secrets) | the first 4 characters of a value longer than 8, then `*****`; a shorter value is `*****` |
enum Masker {
    static func mask(_ value: [UInt8], entity: String) -> [UInt8] {
        switch entity {
        case "CREDIT_CARD", "US_SSN", "PHONE_NUMBER", "IBAN_CODE": keepLastFour(value)
        case "EMAIL_ADDRESS": email(value)
        case "IP_ADDRESS": ipAddress(value)
        case "MAC_ADDRESS": keepGroups(value, count: 3, separators: [UInt8(ascii: ":"), UInt8(ascii: "-")])
        default: prefix(value)
        }
    }

    private static let star = UInt8(ascii: "*")

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// Stars every letter and digit but the last four; separators stay.
    private static func keepLastFour(_ value: [UInt8]) -> [UInt8] {
        var keep = 4
        var masked = value
        for index in masked.indices.reversed() where isAlphanumeric(masked[index]) {
            if keep > 0 { keep -= 1 } else { masked[index] = star }
        }
        return masked
    }

    private static func email(_ value: [UInt8]) -> [UInt8] {
        guard let at = value.lastIndex(of: UInt8(ascii: "@")) else { return prefix(value) }
        return Array(repeating: star, count: 5) + value[at...]
    }

    private static func ipAddress(_ value: [UInt8]) -> [UInt8] {
        if value.contains(UInt8(ascii: ":")) { return keepGroups(value, count: 2, separators: [UInt8(ascii: ":")]) }
        return keepGroups(value, count: 2, separators: [UInt8(ascii: ".")])
    }

    /// Keeps the first `count` groups and their separators, and writes each later group as `*`.
    private static func keepGroups(_ value: [UInt8], count: Int, separators: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var groups = 0
        var starred = false
        for byte in value {
            if separators.contains(byte) {
                groups += 1
                result.append(byte)
                starred = false
            } else if groups < count {
                result.append(byte)
            } else if !starred {
                result.append(star)
                starred = true
            }
        }
        return result
    }

    /// The scan report's mask: the first 4 characters of a value longer than 8, then `*****`.
    private static func prefix(_ value: [UInt8]) -> [UInt8] {
        let text = String(decoding: value, as: UTF8.self)
        guard text.count > 8 else { return Array("*****".utf8) }
        return Array(text.prefix(4).utf8) + Array("*****".utf8)
    }
}

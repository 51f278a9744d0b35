/// Checks run on a candidate secret after its regex matched. Each takes the secret's bytes and
/// ignores the separators people write inside such values (spaces, dashes, dots where noted).
enum Validators {
    /// The part of `value` that passes: all of it, a prefix (see ``ibanPrefix(_:)``), or `nil`.
    static func validLength(_ kind: ValidatorKind, _ value: UnsafeRawBufferPointer) -> Int? {
        switch kind {
        case .luhn: luhn(value) ? value.count : nil
        case .iban: ibanPrefix(value)
        case .usSSN: usSSN(value) ? value.count : nil
        case .ipv4: IPAddressParser.ipv4(value) != nil ? value.count : nil
        case .ipv6: IPAddressParser.ipv6(value) ? value.count : nil
        case .base62CRC32: Base62Checksum.isValid(value) ? value.count : nil
        }
    }

    /// The length of the IBAN `value` holds: all of it, or, when it runs on past the country's
    /// length in a further space-separated group (`… 0130 00 EUR`, or a short last group a regex
    /// cannot tell from a word), the prefix up to that group. `nil` when neither is valid.
    static func ibanPrefix(_ value: UnsafeRawBufferPointer) -> Int? {
        if iban(value) { return value.count }
        guard value.count >= 2, let expected = IBANLengths.byCountry[String(decoding: value[0..<2], as: UTF8.self).uppercased()]
        else { return nil }
        var characters = 0
        for (offset, byte) in value.enumerated() where byte != 0x20 {
            characters += 1
            guard characters == expected else { continue }
            let end = offset + 1
            guard end < value.count, value[end] == 0x20 else { return nil }
            return iban(UnsafeRawBufferPointer(rebasing: value[..<end])) ? end : nil
        }
        return nil
    }

    /// Luhn mod-10 over the digits; spaces and dashes are skipped, any other byte fails.
    /// At least two digits are required.
    static func luhn(_ value: UnsafeRawBufferPointer) -> Bool {
        var sum = 0, count = 0
        for byte in value.reversed() {
            if byte == 0x20 || byte == 0x2D { continue }
            guard byte >= 0x30, byte <= 0x39 else { return false }
            var digit = Int(byte - 0x30)
            if count % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
            count += 1
        }
        return count >= 2 && sum % 10 == 0
    }

    /// IBAN: known country with its length, two check digits, alphanumeric BBAN, and ISO 7064
    /// mod-97 equal to 1. Spaces are skipped; letters may be either case.
    static func iban(_ value: UnsafeRawBufferPointer) -> Bool {
        var chars: [UInt8] = []
        chars.reserveCapacity(34)
        for byte in value where byte != 0x20 {
            guard chars.count < 34 else { return false }
            switch byte {
            case 0x30...0x39, 0x41...0x5A: chars.append(byte)
            case 0x61...0x7A: chars.append(byte - 0x20)
            default: return false
            }
        }
        guard chars.count >= 15,
            chars[0] >= 0x41, chars[1] >= 0x41, chars[2] <= 0x39, chars[3] <= 0x39,
            let expected = IBANLengths.byCountry[String(decoding: chars[0..<2], as: UTF8.self)],
            expected == chars.count
        else { return false }
        var remainder = 0
        for byte in chars[4...] + chars[0..<4] {
            if byte <= 0x39 {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            }
        }
        return remainder == 1
    }

    /// US SSN: nine digits (dashes or spaces between groups allowed); area not 000, 666 or
    /// 900–999, group not 00, serial not 0000.
    static func usSSN(_ value: UnsafeRawBufferPointer) -> Bool {
        var digits: [Int] = []
        digits.reserveCapacity(9)
        for byte in value {
            if byte == 0x2D || byte == 0x20 { continue }
            guard byte >= 0x30, byte <= 0x39, digits.count < 9 else { return false }
            digits.append(Int(byte - 0x30))
        }
        guard digits.count == 9 else { return false }
        let area = digits[0] * 100 + digits[1] * 10 + digits[2]
        let group = digits[3] * 10 + digits[4]
        let serial = digits[5] * 1000 + digits[6] * 100 + digits[7] * 10 + digits[8]
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }
}

/// Strict textual IP address parsing (no regex): what the `ipv4` and `ipv6` validators accept.
enum IPAddressParser {
    /// A dotted quad of decimal octets 0...255 without leading zeros; returns the four octets.
    static func ipv4(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var octets: [UInt8] = []
        octets.reserveCapacity(4)
        var value = 0, digits = 0, firstDigit: UInt8 = 0
        for byte in text + [0x2E] {
            if byte == 0x2E {
                // Empty, or a leading zero such as "01": not an address.
                guard digits > 0, digits == 1 || firstDigit != 0x30, octets.count < 4 else { return nil }
                octets.append(UInt8(value))
                value = 0
                digits = 0
                continue
            }
            guard byte >= 0x30, byte <= 0x39, digits < 3 else { return nil }
            if digits == 0 { firstDigit = byte }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
            guard value <= 255 else { return nil }
        }
        return octets.count == 4 ? octets : nil
    }

    /// RFC 4291 text forms: eight groups of 1–4 hex digits, one `::` standing for one or more
    /// zero groups, and an optional trailing dotted quad counting as two groups. A zone id
    /// (`%eth0`) is not part of the address.
    static func ipv6(_ text: UnsafeRawBufferPointer) -> Bool {
        let bytes = Array(text)
        guard bytes.count >= 2, bytes.count <= 45 else { return false }
        var groups = 0, index = 0, sawDoubleColon = false
        if bytes.starts(with: [0x3A, 0x3A]) {
            sawDoubleColon = true
            index = 2
            if index == bytes.count { return true }
        } else if bytes[0] == 0x3A {
            return false
        }
        while index < bytes.count {
            var end = index
            while end < bytes.count, end - index <= 4, isHex(bytes[end]) { end += 1 }
            if end < bytes.count, bytes[end] == 0x2E {
                // An embedded IPv4 must be last and takes two groups.
                guard bytes[index...].withUnsafeBytes({ ipv4($0) }) != nil else { return false }
                groups += 2
                index = bytes.count
                break
            }
            guard end > index, end - index <= 4 else { return false }
            groups += 1
            index = end
            if index == bytes.count { break }
            guard bytes[index] == 0x3A else { return false }
            index += 1
            if index < bytes.count, bytes[index] == 0x3A {
                guard !sawDoubleColon else { return false }
                sawDoubleColon = true
                index += 1
                if index == bytes.count { break }
            } else if index == bytes.count {
                return false
            }
        }
        return sawDoubleColon ? groups < 8 : groups == 8
    }

    static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }
}

/// The checksum GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm (`npm_`) put at the end of
/// their tokens: after the prefix and its `_`, the random part is followed by six characters that
/// are the CRC-32 (IEEE 802.3, as zlib computes it) of that random part, written in base 62 with
/// the alphabet `0-9A-Za-z` and padded on the left with `0`.
///
/// A value of the right shape passes by chance once in 2^32, so this check turns "looks like a
/// token" into "is a token", and rejects placeholders and truncated or edited values.
enum Base62Checksum {
    static let checksumLength = 6

    /// Whether `value` (`prefix_` + random part + checksum) carries a valid checksum. The part
    /// checked starts after the last `_`; a value without `_`, or whose random part is empty,
    /// fails.
    static func isValid(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let separator = value.lastIndex(of: 0x5F) else { return false }
        let body = UnsafeRawBufferPointer(rebasing: value[(separator + 1)...])
        guard body.count > checksumLength else { return false }
        let payload = UnsafeRawBufferPointer(rebasing: body[..<(body.count - checksumLength)])
        var written: UInt64 = 0
        for byte in body[(body.count - checksumLength)...] {
            guard let digit = base62Digit(byte) else { return false }
            written = written * 62 + UInt64(digit)
        }
        return written == UInt64(crc32(payload))
    }

    /// The value of a base-62 digit in the `0-9A-Za-z` alphabet.
    static func base62Digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x5A: byte - 0x41 + 10
        case 0x61...0x7A: byte - 0x61 + 36
        default: nil
        }
    }

    /// CRC-32 with the reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var entry = UInt32(index)
        for _ in 0..<8 {
            entry = entry & 1 == 1 ? (entry >> 1) ^ 0xEDB8_8320 : entry >> 1
        }
        return entry
    }
}

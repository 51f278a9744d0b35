import Glibc

/// JSON string contents: decoding escapes, as RFC 8259 defines them (escaping is
/// `JSONEscaping`, in TacetCore).
public enum JSONString {
    /// Decodes the contents of a JSON string (between its quotes), already checked by
    /// ``JSONTree``. A lone surrogate escape decodes to U+FFFD, as Foundation does.
    public static func decode(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        // Most strings hold no escape: then they are their own text.
        guard let base = raw.baseAddress, memchr(base, 0x5C, raw.count) != nil else { return Array(raw) }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == 0x5C else {
                output.append(byte)
                index += 1
                continue
            }
            let kind = raw[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "u"):
                let (scalar, length) = unicodeEscape(raw, at: index - 2)
                index += length - 2
                output += scalar.utf8
            default: output.append(kind)  // " \ /
            }
        }
        return output
    }

    /// For each offset of the decoded string (and its end), the raw offset it starts at, or -1
    /// inside the bytes an escape decodes to. Follows ``decode(_:)`` step for step.
    static func rawOffsets(_ raw: UnsafeRawBufferPointer) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(raw.count + 1)
        var index = 0
        while index < raw.count {
            guard raw[index] == 0x5C else {
                offsets.append(index)
                index += 1
                continue
            }
            let start = index
            let decodedCount: Int
            if raw[index + 1] == UInt8(ascii: "u") {
                let (scalar, length) = unicodeEscape(raw, at: index)
                index += length
                decodedCount = scalar.utf8.count
            } else {
                index += 2
                decodedCount = 1
            }
            offsets.append(start)
            offsets += repeatElement(-1, count: decodedCount - 1)
        }
        offsets.append(raw.count)
        return offsets
    }

    /// The `\uXXXX` escape at `index` (its backslash), joined with a following low surrogate
    /// escape when it is a high one: the scalar (U+FFFD for a lone surrogate) and the raw length.
    private static func unicodeEscape(_ raw: UnsafeRawBufferPointer, at index: Int) -> (Unicode.Scalar, Int) {
        let high = hexValue(raw, at: index + 2)
        if (0xD800..<0xDC00).contains(high), index + 12 <= raw.count, raw[index + 6] == 0x5C,
            raw[index + 7] == UInt8(ascii: "u")
        {
            let low = hexValue(raw, at: index + 8)
            if (0xDC00..<0xE000).contains(low) {
                return (Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!, 12)
            }
        }
        return (Unicode.Scalar(high) ?? "\u{FFFD}", 6)
    }

    private static func hexValue(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for byte in raw[index..<index + 4] {
            let digit: UInt8 = switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            default: byte - 0x61 + 10
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

/// JSON string contents: decoding escapes and escaping bytes, as RFC 8259 defines them.
enum JSONString {
    /// Escapes `bytes` for the inside of a JSON string: `"` and `\`, and control characters
    /// (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX`). Everything else, UTF-8 included, is kept.
    static func escape(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        let hex = Array("0123456789abcdef".utf8)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): output += [0x5C, byte]
            case UInt8(ascii: "\\"): output += [0x5C, byte]
            case 0x0A: output += [0x5C, UInt8(ascii: "n")]
            case 0x0D: output += [0x5C, UInt8(ascii: "r")]
            case 0x09: output += [0x5C, UInt8(ascii: "t")]
            case 0x08: output += [0x5C, UInt8(ascii: "b")]
            case 0x0C: output += [0x5C, UInt8(ascii: "f")]
            case ..<0x20: output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: output.append(byte)
            }
        }
        return output
    }

    /// Decodes the contents of a JSON string (between its quotes), already checked by
    /// ``JSONLeaves``. A lone surrogate escape decodes to U+FFFD, as Foundation does.
    static func decode(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
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
                var scalar = hexValue(raw, at: index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count, raw[index] == 0x5C,
                    raw[index + 1] == UInt8(ascii: "u")
                {
                    let low = hexValue(raw, at: index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                output += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
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
                var scalar = hexValue(raw, at: index + 2)
                index += 6
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count, raw[index] == 0x5C,
                    raw[index + 1] == UInt8(ascii: "u")
                {
                    let low = hexValue(raw, at: index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                decodedCount = String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8.count
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

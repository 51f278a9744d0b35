/// Decodes the encodings secrets hide behind: base64 (standard and URL-safe, padding optional),
/// hex and percent-encoding. A result counts only when it is printable text, which rules out
/// the identifiers and hashes that merely look encoded.
enum SegmentDecoder {
    enum Encoding: String, Sendable {
        case base64, hex, percent = "percent-encoding"
    }

    /// Shortest run worth decoding: 16 base64 characters are 12 bytes.
    static let minimumLength = 16

    /// The pieces of a run of encoded-looking bytes (`offset` is the run's offset in its
    /// input) and what each decodes to, when printable. A run with `%XX` escapes is decoded
    /// whole; otherwise it is cut at `.`, `~` and `=` (JWT parts, padding, `key=value`) and each
    /// piece is read as hex when it is all hex digits, else as base64.
    static func decode(run: UnsafeRawBufferPointer, offset: Int) -> [(Range<Int>, Encoding, [UInt8])] {
        if hasPercentEscape(run) {
            guard let text = percentDecoded(run), isPrintable(text) else { return [] }
            return [(offset..<offset + run.count, .percent, text)]
        }
        var results: [(Range<Int>, Encoding, [UInt8])] = []
        var start = 0
        for index in 0...run.count {
            guard index == run.count || run[index] == UInt8(ascii: ".") || run[index] == UInt8(ascii: "~")
                || run[index] == UInt8(ascii: "=")
            else { continue }
            defer { start = index + 1 }
            let piece = UnsafeRawBufferPointer(rebasing: run[start..<index])
            guard piece.count >= minimumLength else { continue }
            let decoded: [UInt8]?, encoding: Encoding
            if piece.count % 2 == 0, piece.allSatisfy({ hexValue($0) != nil }) {
                decoded = hexDecoded(piece)
                encoding = .hex
            } else {
                // Most runs are identifiers, whose decoded bytes soon turn unprintable: look
                // before allocating.
                guard base64Decoded(piece, into: nil) else { continue }
                decoded = base64Decoded(piece)
                encoding = .base64
            }
            // The segment takes in its padding.
            var end = index
            while end < run.count && run[end] == UInt8(ascii: "=") { end += 1 }
            if let decoded, isPrintable(decoded) { results.append((offset + start..<offset + end, encoding, decoded)) }
        }
        return results
    }

    /// Printable ASCII, tabs and line ends, at least 8 bytes.
    static func isPrintable(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes.allSatisfy(isPrintable)
    }

    static func isPrintable(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte) || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func base64Decoded(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        return base64Decoded(text, into: &out) ? out : nil
    }

    /// Decodes `text` into `out`, or with `out` nil only checks that it decodes to printable
    /// text, stopping at the first byte that is not.
    static func base64Decoded(_ text: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<[UInt8]>?) -> Bool {
        guard text.count % 4 != 1 else { return false }
        var accumulator: UInt32 = 0, bits = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            default: return false
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                let byte = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                if let out { out.pointee.append(byte) } else if !isPrintable(byte) { return false }
            }
        }
        return true
    }

    static func hexDecoded(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var index = 0
        while index + 1 < text.count {
            guard let high = hexValue(text[index]), let low = hexValue(text[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    static func percentDecoded(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "%"), index + 2 < text.count,
                let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(text[index])
                index += 1
            }
        }
        return out
    }

    private static func hasPercentEscape(_ text: UnsafeRawBufferPointer) -> Bool {
        guard text.count >= 3 else { return false }
        for index in 0..<text.count - 2 where text[index] == UInt8(ascii: "%") {
            if hexValue(text[index + 1]) != nil && hexValue(text[index + 2]) != nil { return true }
        }
        return false
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

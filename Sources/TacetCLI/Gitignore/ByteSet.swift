/// Parses the inside of a glob's `[...]` set into a 256-bit table.
enum ByteSet {
    /// Parses from just after the `[`; returns the bits (negation applied, `/` never in the set)
    /// and the offset just past the closing `]`, or `nil` when the set never closes.
    static func parse(_ pattern: [UInt8], from start: Int) -> ([UInt64], Int)? {
        var bits = [UInt64](repeating: 0, count: 4)
        func insert(_ byte: UInt8) { bits[Int(byte >> 6)] |= 1 << UInt64(byte & 63) }
        var i = start
        let negated = i < pattern.count && (pattern[i] == UInt8(ascii: "!") || pattern[i] == UInt8(ascii: "^"))
        if negated { i += 1 }
        var first = true
        while i < pattern.count {
            var byte = pattern[i]
            if byte == UInt8(ascii: "]") && !first {
                if negated { bits = bits.map { ~$0 } }
                bits[0] &= ~(1 << UInt64(UInt8(ascii: "/")))  // a set never matches a separator
                return (bits, i + 1)
            }
            first = false
            if byte == UInt8(ascii: "["), i + 1 < pattern.count, pattern[i + 1] == UInt8(ascii: ":"),
                let (members, end) = posixClass(pattern, from: i + 2)
            {
                for member in 0...255 where members(UInt8(member)) { insert(UInt8(member)) }
                i = end
                continue
            }
            if byte == UInt8(ascii: "\\"), i + 1 < pattern.count {
                i += 1
                byte = pattern[i]
            }
            // A range `a-z`, unless the `-` is last before `]`.
            if i + 2 < pattern.count, pattern[i + 1] == UInt8(ascii: "-"), pattern[i + 2] != UInt8(ascii: "]") {
                var upper = pattern[i + 2]
                var next = i + 3
                if upper == UInt8(ascii: "\\"), i + 3 < pattern.count {
                    upper = pattern[i + 3]
                    next = i + 4
                }
                if byte <= upper { for member in byte...upper { insert(member) } }
                i = next
                continue
            }
            insert(byte)
            i += 1
        }
        return nil
    }

    /// `[:name:]` starting at the name; the class's membership test and the offset after `:]`.
    private static func posixClass(_ pattern: [UInt8], from start: Int) -> ((UInt8) -> Bool, Int)? {
        guard let close = (start..<max(start, pattern.count - 1)).first(where: {
            pattern[$0] == UInt8(ascii: ":") && pattern[$0 + 1] == UInt8(ascii: "]")
        }) else { return nil }
        let name = String(decoding: pattern[start..<close], as: UTF8.self)
        let test: ((UInt8) -> Bool)? = switch name {
        case "alnum": { isAlpha($0) || isDigit($0) }
        case "alpha": isAlpha
        case "blank": { $0 == 0x20 || $0 == 0x09 }
        case "cntrl": { $0 < 0x20 || $0 == 0x7F }
        case "digit": isDigit
        case "graph": { $0 > 0x20 && $0 < 0x7F }
        case "lower": { $0 >= 0x61 && $0 <= 0x7A }
        case "print": { $0 >= 0x20 && $0 < 0x7F }
        case "punct": { $0 > 0x20 && $0 < 0x7F && !isAlpha($0) && !isDigit($0) }
        case "space": { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        case "upper": { $0 >= 0x41 && $0 <= 0x5A }
        case "xdigit": { isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
        default: nil
        }
        return test.map { ($0, close + 2) }
    }

    private static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}

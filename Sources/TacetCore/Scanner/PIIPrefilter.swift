/// The candidate finder for rules without keywords: one pass over the bytes that stops only at
/// bytes that can start such a value (a digit, `@`, `:` or `-`) and measures the token there.
///
/// Like the keyword trie, it may report candidates that the regex then rejects, but never
/// misses a value of the shapes ``Prefilter`` documents.
struct PIIPrefilter {
    /// A candidate: the prefilter kind, the token's span, and its digit count (for `digits`).
    struct Candidate {
        var kind: Prefilter
        var span: Range<Int>
        var digits: Int
    }

    let wantsAt: Bool
    let wantsDigits: Bool
    let wantsIBAN: Bool
    let wantsHexSeparated: Bool
    /// Digit runs shorter than every `digits` rule's `minDigits` are not reported.
    let minDigits: Int
    /// Bit 0: digit, bit 1: `@`, bit 2: `:` or `-`; only for the kinds wanted.
    private let triggers: [UInt8]

    init(rules: RuleSet) {
        wantsAt = !rules.triggers(of: .at).isEmpty
        wantsDigits = !rules.triggers(of: .digits).isEmpty
        wantsIBAN = !rules.triggers(of: .iban).isEmpty
        wantsHexSeparated = !rules.triggers(of: .hexSeparated).isEmpty
        minDigits = rules.triggers(of: .digits).map(\.minDigits).min() ?? 0
        var triggers = [UInt8](repeating: 0, count: 256)
        if wantsDigits || wantsIBAN { for b in 0x30...0x39 { triggers[b] |= 1 } }
        if wantsAt { triggers[0x40] |= 2 }
        if wantsHexSeparated {
            triggers[0x3A] |= 4
            triggers[0x2D] |= 4
        }
        self.triggers = triggers
    }

    var isEmpty: Bool { !(wantsAt || wantsDigits || wantsIBAN || wantsHexSeparated) }

    /// Reports candidates whose trigger byte lies in `range`; tokens may extend past it into
    /// the rest of `bytes`.
    func scan(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, _ report: (Candidate) -> Void) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        triggers.withUnsafeBufferPointer { triggers in
            // A token is measured once: triggers inside a measured token of the same kind are
            // skipped, but a digit run may still hold a hex token (a MAC) and the reverse.
            var digitsCovered = 0, hexCovered = 0
            var i = range.lowerBound
            let end = range.upperBound
            while i < end {
                // Most bytes trigger nothing: test eight at a time, and jump to the first byte
                // that may be a trigger (the table then decides). safe: i + 8 <= end <= count.
                if i &+ 8 <= end {
                    let mask = Self.mayTrigger(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self).littleEndian)
                    if mask == 0 {
                        i &+= 8
                        continue
                    }
                    i &+= mask.trailingZeroBitCount >> 3
                }
                let trigger = triggers[Int(base[i])]
                if trigger == 0 {
                    i &+= 1
                    continue
                }
                if trigger & 1 != 0, i >= digitsCovered {
                    (digitsCovered, i) = digitToken(bytes, at: i, report)
                    continue
                } else if trigger & 2 != 0 {
                    emailToken(bytes, at: i, report)
                } else if trigger & 4 != 0, i >= hexCovered, Self.joinsHexGroups(bytes, at: i) {
                    hexCovered = hexSeparatedToken(bytes, at: i, report)
                }
                i &+= 1
            }
        }
    }

    /// SWAR over eight bytes: a high bit set in each byte that is a digit, `:`, `@` or `-` (a
    /// superset of every kind's triggers). The lowest set byte is always exact; bytes above a
    /// `@` or `-` may be flagged wrongly, which only costs a table lookup.
    @inline(__always)
    static func mayTrigger(_ x: UInt64) -> UInt64 {
        let ones = SWAR.ones, high = ones &* 0x80
        let low7 = x & SWAR.low7
        // Bytes strictly between 0x2F and 0x3B: the digits and ':'.
        let digitOrColon = ((ones &* (0x7F + 0x3B)) &- low7) & ~x & (low7 &+ (ones &* (0x7F - 0x2F))) & high
        // The classic zero-byte test, cheaper than `SWAR.equalBytes` and exact for the lowest byte.
        func hasByte(_ value: UInt64) -> UInt64 {
            let v = x ^ (ones &* value)
            return (v &- ones) & ~v & high
        }
        return digitOrColon | hasByte(0x40) | hasByte(0x2D)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    private static func isAlnum(_ b: UInt8) -> Bool {
        isDigit(b) || isUpper(b) || (b >= 0x61 && b <= 0x7A)
    }

    /// A run of digits with at most two separators between digits. Returns the offset after it
    /// and where the scan resumes: after it too, or at its first `-` when hex-separated tokens
    /// are wanted (an all-digit MAC such as `00-11-22-33-44-55` starts there).
    private func digitToken(
        _ bytes: UnsafeRawBufferPointer, at start: Int, _ report: (Candidate) -> Void
    ) -> (end: Int, resume: Int) {
        var end = start, lastDigitEnd = start, digits = 0, separators = 0, firstDash = Int.max
        while end < bytes.count {
            let b = bytes[end]
            if b == 0x2D, firstDash == .max { firstDash = end }
            if Self.isDigit(b) {
                digits += 1
                separators = 0
                lastDigitEnd = end + 1
            } else if separators < 2, Self.isNumberSeparator(b) {
                separators += 1  // two, for "(555) 123" and "+44 (0)20"
            } else {
                break
            }
            end += 1
        }
        if wantsDigits, digits >= minDigits {
            // A leading "+" or "(" belongs to phone numbers.
            var tokenStart = start
            while tokenStart > 0, start - tokenStart < 2, bytes[tokenStart - 1] == 0x2B || bytes[tokenStart - 1] == 0x28 {
                tokenStart -= 1
            }
            report(Candidate(kind: .digits, span: tokenStart..<lastDigitEnd, digits: digits))
        }
        if wantsIBAN, start >= 2, Self.isUpper(bytes[start - 1]), Self.isUpper(bytes[start - 2]),
            start == 2 || !Self.isAlnum(bytes[start - 3])
        {
            var ibanEnd = start
            while ibanEnd < bytes.count, ibanEnd - start < 42,
                Self.isAlnum(bytes[ibanEnd]) || (bytes[ibanEnd] == 0x20 && bytes[ibanEnd - 1] != 0x20)
            {
                ibanEnd += 1
            }
            report(Candidate(kind: .iban, span: (start - 2)..<ibanEnd, digits: 0))
        }
        let tokenEnd = max(lastDigitEnd, start + 1)
        return (tokenEnd, wantsHexSeparated ? min(firstDash, tokenEnd) : tokenEnd)
    }

    private static func isNumberSeparator(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x2D || b == 0x2E || b == 0x2F || b == 0x28 || b == 0x29
    }

    /// Local part before the `@`, domain with a dot after it.
    private func emailToken(_ bytes: UnsafeRawBufferPointer, at sign: Int, _ report: (Candidate) -> Void) {
        var start = sign
        while start > 0, sign - start < 64, Self.isLocalPart(bytes[start - 1]) { start -= 1 }
        guard start < sign else { return }
        var end = sign + 1, sawDot = false
        while end < bytes.count, end - sign < 254, Self.isAlnum(bytes[end]) || bytes[end] == 0x2E || bytes[end] == 0x2D {
            sawDot = sawDot || bytes[end] == 0x2E
            end += 1
        }
        guard sawDot else { return }
        report(Candidate(kind: .at, span: start..<end, digits: 0))
    }

    private static func isLocalPart(_ b: UInt8) -> Bool {
        isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D
    }

    /// Whether the `:` or `-` at `i` can join two hex groups: a hex digit before it and a hex
    /// digit or `:` after it, or `::` with anything before. Rules out most colons in code
    /// (`x: Int`, `->`) before any token is measured.
    @inline(__always)
    private static func joinsHexGroups(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Bool {
        guard i + 1 < bytes.count else { return false }
        let next = bytes[i + 1]
        if bytes[i] == 0x3A, next == 0x3A { return true }
        return i > 0 && IPAddressParser.isHex(bytes[i - 1]) && (IPAddressParser.isHex(next) || next == 0x3A)
    }

    /// Hex groups joined by `:` or `-` (and dots, for an embedded IPv4), with at least two
    /// separators; returns the offset after the token.
    private func hexSeparatedToken(_ bytes: UnsafeRawBufferPointer, at trigger: Int, _ report: (Candidate) -> Void) -> Int {
        func isPart(_ b: UInt8) -> Bool { IPAddressParser.isHex(b) || b == 0x3A || b == 0x2D || b == 0x2E }
        var start = trigger
        while start > 0, trigger - start < 48, isPart(bytes[start - 1]) { start -= 1 }
        var end = trigger + 1, separators = 0
        while end < bytes.count, end - start < 64, isPart(bytes[end]) { end += 1 }
        for i in start..<end where bytes[i] == 0x3A || bytes[i] == 0x2D { separators += 1 }
        if separators >= 2, end - start >= 3 {
            report(Candidate(kind: .hexSeparated, span: start..<end, digits: 0))
        }
        return end
    }
}

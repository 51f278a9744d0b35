import Glibc

extension UnsafeRawBufferPointer {
    /// Whether `needle` occurs in these bytes: `memchr` (vectorised in glibc) to each
    /// occurrence of the needle's first byte, then `memcmp`.
    func contains(_ needle: UnsafeRawBufferPointer) -> Bool {
        guard let pattern = needle.baseAddress, let first = needle.first else { return true }
        guard needle.count <= count, let base = baseAddress else { return false }
        let last = base + (count - needle.count)
        var cursor = base
        while cursor <= last, let hit = memchr(cursor, Int32(first), last - cursor + 1) {
            if memcmp(hit, pattern, needle.count) == 0 { return true }
            cursor = UnsafeRawPointer(hit) + 1
        }
        return false
    }

    /// The offset of the first `byte` in `range`, by `memchr`.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard let base = baseAddress, !range.isEmpty,
            let hit = memchr(base + range.lowerBound, Int32(byte), range.count)
        else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    /// The offset of the last `byte` in `range`: eight bytes at a time from the end, then the
    /// highest matching byte of the first word that has one.
    func lastIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard let base = baseAddress else { return nil }
        var end = range.upperBound
        while end - 8 >= range.lowerBound {
            let equal = SWAR.equalBytes((base + end - 8).loadUnaligned(as: UInt64.self).littleEndian, byte)
            if equal != 0 { return end - 8 + (63 - equal.leadingZeroBitCount) >> 3 }
            end -= 8
        }
        while end > range.lowerBound {
            end -= 1
            if self[end] == byte { return end }
        }
        return nil
    }

    /// Whether these bytes hold an inline allow comment, `tacet:allow` or `gitleaks:allow`:
    /// `memchr` to each `:` (rare in prose, where lines are long), then a look either side.
    func containsAllowMarker() -> Bool {
        guard let base = baseAddress else { return false }
        let allow = Array(":allow".utf8), prefixes = [Array("tacet".utf8), Array("gitleaks".utf8)]
        var cursor = base
        let end = base + count
        while cursor < end, let colon = memchr(cursor, 0x3A, end - cursor) {
            let offset = UnsafeRawPointer(colon) - base
            if offset + allow.count <= count, self[offset..<offset + allow.count].elementsEqual(allow),
                prefixes.contains(where: { offset >= $0.count && self[(offset - $0.count)..<offset].elementsEqual($0) })
            {
                return true
            }
            cursor = UnsafeRawPointer(colon) + 1
        }
        return false
    }
}

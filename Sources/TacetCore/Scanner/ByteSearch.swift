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

    /// Whether `needle` (ASCII) occurs in these bytes.
    func containsASCII(_ needle: StaticString) -> Bool {
        contains(UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
    }
}

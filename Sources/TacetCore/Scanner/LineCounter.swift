import Glibc

/// Turns increasing byte offsets into 1-based line and column numbers, counting newlines only
/// once, from the last counted offset forward (lines are paid for only where findings are, and
/// for streams, once per chunk).
struct LineCounter {
    /// Absolute offset up to which bytes are counted.
    private(set) var counted = 0
    private(set) var line = 1
    /// Unicode scalars between the start of `line` and `counted`.
    private var scalarsInLine = 0

    /// Counts `buffer` (whose first byte is at absolute offset `base`) up to absolute offset
    /// `target`; does nothing when `target` is not ahead of `counted`.
    mutating func advance(to target: Int, in buffer: UnsafeRawBufferPointer, base: Int) {
        guard target > counted else { return }
        let range = (counted - base)..<(target - base)
        // memchr from newline to newline: glibc's vectorised search beats a byte loop.
        var lineStart = range.lowerBound
        if let base = buffer.baseAddress {
            var cursor = base + range.lowerBound
            let end = base + range.upperBound
            while cursor < end, let newline = memchr(cursor, 0x0A, end - cursor) {
                line += 1
                cursor = UnsafeRawPointer(newline) + 1
            }
            if cursor != base + range.lowerBound {
                lineStart = cursor - base
                scalarsInLine = 0
            }
        }
        for i in lineStart..<range.upperBound where buffer[i] & 0xC0 != 0x80 { scalarsInLine += 1 }
        counted = target
    }

    /// The line and column (in Unicode scalars) of absolute offset `offset`. Offsets usually
    /// increase and the counter moves forward; an offset behind it (a secret group of a match
    /// that crossed a chunk boundary) is located by counting back within the buffer.
    mutating func locate(_ offset: Int, in buffer: UnsafeRawBufferPointer, base: Int) -> (line: Int, column: Int) {
        if offset >= counted {
            advance(to: offset, in: buffer, base: base)
            return (line, scalarsInLine + 1)
        }
        var lineOfOffset = line
        for i in (offset - base)..<(counted - base) where buffer[i] == 0x0A { lineOfOffset -= 1 }
        var column = 1
        var i = offset - base
        while i > 0, buffer[i - 1] != 0x0A {
            i -= 1
            if buffer[i] & 0xC0 != 0x80 { column += 1 }
        }
        return (lineOfOffset, column)
    }
}

/// Turns increasing byte offsets into 1-based line and column numbers, counting newlines only
/// once, from the last counted offset forward (lines are paid for only where findings are).
struct LineCounter {
    /// Absolute offset up to which newlines are counted.
    private(set) var counted = 0
    private(set) var line = 1
    /// Absolute offset of the first byte of `line`.
    private(set) var lineStart = 0

    /// Counts newlines in `buffer` (whose first byte is at absolute offset `base`) up to
    /// absolute offset `target`, which must not be behind `counted` nor past the buffer.
    mutating func advance(to target: Int, in buffer: UnsafeRawBufferPointer, base: Int) {
        guard target > counted else { return }
        for i in (counted - base)..<(target - base) where buffer[i] == 0x0A {
            line += 1
            lineStart = base + i + 1
        }
        counted = target
    }

    /// The line and column of absolute offset `offset`. Offsets usually increase, and the
    /// counter moves forward; an offset behind it (a secret group that ends a match crossing a
    /// chunk boundary) is located by counting back within the buffer.
    mutating func locate(_ offset: Int, in buffer: UnsafeRawBufferPointer, base: Int) -> (line: Int, column: Int) {
        if offset >= counted {
            advance(to: offset, in: buffer, base: base)
            return (line, column(of: offset, in: buffer, base: base))
        }
        var behind = LineCounter()
        behind.counted = offset
        behind.line = line
        behind.lineStart = base
        for i in (offset - base)..<(counted - base) where buffer[i] == 0x0A { behind.line -= 1 }
        var start = offset
        while start > base, buffer[start - 1 - base] != 0x0A { start -= 1 }
        behind.lineStart = start
        return (behind.line, behind.column(of: offset, in: buffer, base: base))
    }

    /// The column of absolute offset `offset` (already counted to), in Unicode scalars; when the
    /// line starts before the buffer, the scalars from the buffer start are counted.
    func column(of offset: Int, in buffer: UnsafeRawBufferPointer, base: Int) -> Int {
        var column = 1
        for i in max(lineStart, base) - base..<offset - base where buffer[i] & 0xC0 != 0x80 { column += 1 }
        return column
    }
}

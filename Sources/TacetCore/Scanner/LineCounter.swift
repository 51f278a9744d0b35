/// Turns increasing byte offsets into 1-based line and column numbers, counting newlines only
/// once, from the last counted offset forward (lines are paid for only where findings are, and
/// for streams, once per chunk).
struct LineCounter {
    /// Absolute offset up to which bytes are counted.
    private(set) var counted = 0
    private(set) var line = 1
    /// Unicode scalars between the start of `line` and `counted`.
    private var scalarsInLine = 0

    /// A counter whose line 1 starts at absolute offset `start`.
    init(startingAt start: Int = 0) { counted = start }

    /// Counts `buffer` (whose first byte is at absolute offset `base`) up to absolute offset
    /// `target`; does nothing when `target` is not ahead of `counted`.
    mutating func advance(to target: Int, in buffer: UnsafeRawBufferPointer, base: Int) {
        guard target > counted else { return }
        let range = (counted - base)..<(target - base)
        var lineStart = range.lowerBound
        if let base = buffer.baseAddress {
            let newlines = Self.countNewlines(base, range)
            if newlines > 0, let last = buffer.lastIndex(of: 0x0A, in: range) {
                line += newlines
                scalarsInLine = 0
                lineStart = last + 1
            }
        }
        for i in lineStart..<range.upperBound where buffer[i] & 0xC0 != 0x80 { scalarsInLine += 1 }
        counted = target
    }

    /// The number of newlines in `base[range]`, eight bytes at a time without a branch.
    static func countNewlines(_ base: UnsafeRawPointer, _ range: Range<Int>) -> Int {
        var count = 0, i = range.lowerBound
        while i &+ 8 <= range.upperBound {
            count &+= SWAR.countFlags(SWAR.equalBytes((base + i).loadUnaligned(as: UInt64.self).littleEndian, 0x0A))
            i &+= 8
        }
        while i < range.upperBound {
            if base.load(fromByteOffset: i, as: UInt8.self) == 0x0A { count &+= 1 }
            i &+= 1
        }
        return count
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

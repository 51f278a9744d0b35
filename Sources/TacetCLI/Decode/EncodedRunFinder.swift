import Glibc

/// Finds runs of bytes that may be encoded (base64, hex and percent-encoding characters) in a
/// stream as it passes, with the line and column each starts at. A run never crosses a line
/// end, so a stream cut at line starts can be searched part by part.
///
/// - Complexity: only runs of at least ``SegmentDecoder/minimumLength`` bytes matter, so the
///   search looks at the last byte of each window of that length and skips the window when it
///   cannot be in a run; lines are counted with `memchr`, and only up to the runs reported. A
///   run split across reads is carried over, up to ``maximumRunLength`` bytes (longer runs are
///   not decoded).
struct EncodedRunFinder {
    static let maximumRunLength = 64 * 1024

    /// Where a run starts.
    struct Position {
        var offset: Int
        var line: Int
        var column: Int
    }

    /// The line at `cursor` in the current chunk.
    private var line = 1
    private var cursor = 0
    /// Unicode scalars between the last line start and the current chunk's start.
    private var scalarsBeforeChunk = 0
    private var runStart: Position?
    private var carry: [UInt8] = []

    /// Looks at `bytes`, which start at offset `base` of the input, and calls `onRun` for each
    /// run of at least ``SegmentDecoder/minimumLength`` bytes that ends in them.
    mutating func consume(
        _ bytes: UnsafeRawBufferPointer, base: Int, onRun: (UnsafeRawBufferPointer, Position) -> Void
    ) {
        guard let start = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let count = bytes.count, minimum = SegmentDecoder.minimumLength
        cursor = 0
        Self.isRunByte.withUnsafeBufferPointer { table in
            // safe: every index below is checked against `count` first.
            func isRun(_ index: Int) -> Bool { table[Int(start[index])] }
            var index = 0
            if runStart != nil {
                // The run carried over from the last chunk goes on here.
                var end = 0
                while end < count && isRun(end) { end += 1 }
                if end == count {
                    if carry.count <= Self.maximumRunLength { carry.append(contentsOf: bytes) }
                    index = count
                } else {
                    endRun(UnsafeRawBufferPointer(rebasing: bytes[..<end]), onRun: onRun)
                    index = end + 1
                }
            }
            while index + minimum <= count {
                let probe = index + minimum - 1
                guard isRun(probe) else {
                    index = probe + 1
                    continue
                }
                var runFirst = probe
                while runFirst > index && isRun(runFirst - 1) { runFirst -= 1 }
                var end = probe + 1
                while end < count && isRun(end) { end += 1 }
                if end == count {
                    open(at: runFirst, in: bytes, base: base)
                    index = count
                } else {
                    if end - runFirst >= minimum {
                        onRun(UnsafeRawBufferPointer(rebasing: bytes[runFirst..<end]), position(at: runFirst, in: bytes, base: base))
                    }
                    index = end + 1
                }
            }
            // Too short for a run here, but one may start and go on in the next chunk.
            if index < count && runStart == nil && isRun(count - 1) {
                var runFirst = count - 1
                while runFirst > index && isRun(runFirst - 1) { runFirst -= 1 }
                open(at: runFirst, in: bytes, base: base)
            }
        }
        // Ready for the next chunk: the line there, and the scalars of its first line so far.
        let tailStart = lastNewline(before: count, in: start).map { $0 + 1 }
        countLines(to: count, in: start)
        scalarsBeforeChunk = (tailStart == nil ? scalarsBeforeChunk : 0) + Self.scalars(start, from: tailStart ?? 0, to: count)
    }

    /// Ends a run left open by the end of the input.
    mutating func finish(onRun: (UnsafeRawBufferPointer, Position) -> Void) {
        if runStart != nil { endRun(UnsafeRawBufferPointer(start: nil, count: 0), onRun: onRun) }
    }

    private mutating func open(at index: Int, in bytes: UnsafeRawBufferPointer, base: Int) {
        runStart = position(at: index, in: bytes, base: base)
        carry.removeAll(keepingCapacity: true)
        carry.append(contentsOf: bytes[index...])
    }

    private mutating func endRun(_ tail: UnsafeRawBufferPointer, onRun: (UnsafeRawBufferPointer, Position) -> Void) {
        guard let start = runStart else { return }
        runStart = nil
        let length = carry.count + tail.count
        defer { carry.removeAll(keepingCapacity: true) }
        guard length >= SegmentDecoder.minimumLength, length <= Self.maximumRunLength else { return }
        carry.append(contentsOf: tail)
        carry.withUnsafeBytes { onRun($0, start) }
    }

    /// The position of byte `index` of the current chunk; counts lines up to it.
    private mutating func position(at index: Int, in bytes: UnsafeRawBufferPointer, base: Int) -> Position {
        let start = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        countLines(to: index, in: start)
        let column: Int
        if let newline = lastNewline(before: index, in: start) {
            column = Self.scalars(start, from: newline + 1, to: index) + 1
        } else {
            column = scalarsBeforeChunk + Self.scalars(start, from: 0, to: index) + 1
        }
        return Position(offset: base + index, line: line, column: column)
    }

    private mutating func countLines(to index: Int, in start: UnsafePointer<UInt8>) {
        var from = cursor
        while from < index, let found = memchr(start + from, 0x0A, index - from) {
            line += 1
            from = UnsafeRawPointer(found) - UnsafeRawPointer(start) + 1
        }
        cursor = max(cursor, index)
    }

    /// Searched byte by byte: line prefixes are short (Glibc's `memrchr` is not imported).
    private func lastNewline(before index: Int, in start: UnsafePointer<UInt8>) -> Int? {
        var at = index - 1
        while at >= 0 && start[at] != 0x0A { at -= 1 }
        return at >= 0 ? at : nil
    }

    /// Unicode scalars in `start[from..<to]`: the bytes that are not UTF-8 continuations.
    private static func scalars(_ start: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var count = 0
        for index in from..<max(from, to) where start[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Letters, digits and `+ / - _ = % . ~`.
    private static let isRunByte: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        return (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "+/-_=%.~".utf8.contains(byte)
    }
}

/// Finds runs of bytes that may be encoded (base64, hex and percent-encoding characters) in a
/// stream as it passes, with the line and column each starts at. A run never crosses a line
/// end, so a stream cut at line starts can be searched part by part.
///
/// - Complexity: one table lookup per byte; a run split across reads is carried over, up to
///   ``maximumRunLength`` bytes (longer runs are not decoded).
struct EncodedRunFinder {
    static let maximumRunLength = 64 * 1024

    /// Where a run starts.
    struct Position {
        var offset: Int
        var line: Int
        var column: Int
    }

    private var line = 1
    /// Unicode scalars since the line start.
    private var scalars = 0
    private var runStart: Position?
    private var carry: [UInt8] = []

    init(line: Int = 1) { self.line = line }

    /// Looks at `bytes`, which start at offset `base` of the input, and calls `onRun` for each
    /// run of at least ``SegmentDecoder/minimumLength`` bytes that ends in them.
    mutating func consume(
        _ bytes: UnsafeRawBufferPointer, base: Int, onRun: (UnsafeRawBufferPointer, Position) -> Void
    ) {
        var chunkRunStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if Self.isRunByte[Int(byte)] {
                if runStart == nil {
                    runStart = Position(offset: base + index, line: line, column: scalars + 1)
                    chunkRunStart = index
                }
            } else if runStart != nil {
                endRun(UnsafeRawBufferPointer(rebasing: bytes[chunkRunStart..<index]), onRun: onRun)
            }
            if byte == 0x0A {
                line += 1
                scalars = 0
            } else if byte & 0xC0 != 0x80 {
                scalars += 1
            }
        }
        if runStart != nil && carry.count <= Self.maximumRunLength {
            carry.append(contentsOf: bytes[chunkRunStart...])
        }
    }

    /// Ends a run left open by the end of the input.
    mutating func finish(onRun: (UnsafeRawBufferPointer, Position) -> Void) {
        if runStart != nil { endRun(UnsafeRawBufferPointer(start: nil, count: 0), onRun: onRun) }
    }

    private mutating func endRun(_ tail: UnsafeRawBufferPointer, onRun: (UnsafeRawBufferPointer, Position) -> Void) {
        guard let start = runStart else { return }
        runStart = nil
        let length = carry.count + tail.count
        defer { carry.removeAll(keepingCapacity: true) }
        guard length >= SegmentDecoder.minimumLength, length <= Self.maximumRunLength else { return }
        if carry.isEmpty { return onRun(tail, start) }
        carry.append(contentsOf: tail)
        carry.withUnsafeBytes { onRun($0, start) }
    }

    /// Letters, digits and `+ / - _ = % . ~`.
    private static let isRunByte: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        return (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "+/-_=%.~".utf8.contains(byte)
    }
}

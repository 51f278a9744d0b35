import TacetCore

/// Redacts a stream of any length in constant memory: reads `source` in chunks, scans each
/// with the scanner's streaming API (a chunk reports the findings that start in it, with the
/// longest match's worth of context after it), and writes output as soon as no later finding
/// can touch it.
///
/// Memory is about two chunks plus the longest match. Placeholders avoid every
/// placeholder-shaped token seen up to the chunk being written; one that turns up only later
/// is itself replaced (see ``RedactionSession``), so restoring stays exact.
public struct StreamRedactor {
    public let redactor: Redactor
    public let scanner: TacetCore.Scanner
    public var chunkSize = 1 << 20

    public init(redactor: Redactor, scanner: TacetCore.Scanner) {
        self.redactor = redactor
        self.scanner = scanner
    }

    /// Streams `source` to `write`, calling `onDetection` for each value in offset order
    /// (detections are not kept, so memory stays flat however many values there are).
    ///
    /// - Throws: ``StreamBlocked`` at the first value whose action is `block`, after writing
    ///   the text before it; what `source`, `write` or the session throws.
    public func redact(
        _ source: inout some ByteSource, in session: RedactionSession, path: String? = nil,
        onDetection: (Detection) -> Void = { _ in }, to write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let writer = RedactionWriter(policy: redactor.policy, session: session, stopsAtBlock: true)
        // Context after a chunk: the longest match, and the longest token the session checks.
        let overlap = max(scanner.rules.maxMatchLength, RedactionSession.maxTokenLength)
        var buffer = [UInt8](repeating: 0, count: chunkSize + 2 * overlap)
        var base = 0, filled = 0, ownedStart = 0, atEnd = false
        var findings: [Finding] = []
        while true {
            while filled < buffer.count && !atEnd {
                let count = try buffer.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
                if count == 0 { atEnd = true } else { filled += count }
            }
            let ownedEnd = atEnd ? filled : filled - overlap
            findings.removeAll(keepingCapacity: true)
            try buffer.withUnsafeBytes { all in
                let view = UnsafeRawBufferPointer(rebasing: all[..<filled])
                var chunk = BufferSource(view)
                let part = TacetCore.Scanner.StreamPart(sourceStart: base, owned: (base + ownedStart)..<(base + ownedEnd))
                try scanner.scan(&chunk, path: path, part: part) { findings.append($0) }
                try writer.write(
                    view, base: base, owned: (base + ownedStart)..<(base + ownedEnd), findings: findings, atEnd: atEnd,
                    to: write)
            }
            writer.takeDetections().forEach(onDetection)
            if atEnd { return }
            // Keep the scanner's context before the next owned part and whatever the writer
            // has not written yet.
            let keepFrom = min(ownedEnd - overlap, writer.earliestNeeded - base)
            buffer.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[keepFrom..<filled])) }
            base += keepFrom
            filled -= keepFrom
            ownedStart = ownedEnd - keepFrom
            if buffer.count - filled < chunkSize { buffer += [UInt8](repeating: 0, count: chunkSize) }
        }
    }
}

/// Reads a buffer that outlives the scan of one chunk.
private struct BufferSource: ByteSource {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - position)
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]))
        position += count
        return count
    }
}

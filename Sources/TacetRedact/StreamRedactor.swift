import Dispatch
import TacetCore

/// Redacts a stream of any length in constant memory: reads `source` in chunks, scans each
/// with the scanner's streaming API (a part reports the findings that start in it, with the
/// longest match's worth of context around it), and writes output as soon as no later finding
/// can touch it.
///
/// Input is read in batches of ``batchSize``; with several scanners, each batch is split into
/// as many parts, scanned at once on as many threads, then written in order. Batches do not
/// depend on the number of threads, and neither does the output. Memory is about one batch plus twice the longest match. Placeholders
/// avoid every placeholder-shaped token up to the end of the batch being written; one that
/// turns up only later is itself replaced (see ``RedactionSession``), so restoring stays exact.
public struct StreamRedactor {
    public let redactor: Redactor
    /// One per thread; a scanner is not shared between threads.
    public let scanners: [TacetCore.Scanner]
    /// Bytes read and reserved at a time (see ``RedactionSession``).
    public var batchSize = 2 << 20

    public init(redactor: Redactor, scanners: [TacetCore.Scanner]) {
        precondition(!scanners.isEmpty, "a stream redactor needs a scanner")
        self.redactor = redactor
        self.scanners = scanners
    }

    public init(redactor: Redactor, scanner: TacetCore.Scanner) {
        self.init(redactor: redactor, scanners: [scanner])
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
        // Context around a part: the longest match, and the longest token the session checks.
        let overlap = max(scanners.map(\.rules.maxMatchLength).max()!, RedactionSession.maxTokenLength)
        let batch = batchSize
        var buffer = [UInt8](repeating: 0, count: batch + 2 * overlap)
        var base = 0, filled = 0, ownedStart = 0, atEnd = false
        let parts = PartFindings(count: scanners.count)
        while true {
            while filled < buffer.count && !atEnd {
                let count = try buffer.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
                if count == 0 { atEnd = true } else { filled += count }
            }
            let ownedEnd = atEnd ? filled : filled - overlap
            try buffer.withUnsafeBytes { all in
                let view = UnsafeRawBufferPointer(rebasing: all[..<filled])
                let bounds = Self.split(ownedStart..<ownedEnd, into: scanners.count)
                scan(view, base: base, parts: bounds, overlap: overlap, path: path, into: parts)
                // Reserve the whole batch before any of its parts issues a placeholder, so the
                // output does not depend on how the batch is split.
                session.reserve(UnsafeRawBufferPointer(rebasing: view[ownedStart..<ownedEnd]))
                for (index, part) in bounds.enumerated() {
                    try writer.write(
                        view, base: base, owned: (base + part.lowerBound)..<(base + part.upperBound),
                        findings: parts.findings[index], atEnd: atEnd && index == bounds.count - 1, to: write)
                    writer.takeDetections().forEach(onDetection)
                }
            }
            if atEnd { return }
            // Keep the scanners' context before the next owned part and whatever the writer
            // has not written yet.
            let keepFrom = min(ownedEnd - overlap, writer.earliestNeeded - base)
            buffer.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[keepFrom..<filled])) }
            base += keepFrom
            filled -= keepFrom
            ownedStart = ownedEnd - keepFrom
            if buffer.count - filled < batch { buffer += [UInt8](repeating: 0, count: batch) }
        }
    }

    /// `range` cut into `count` consecutive parts of about the same length.
    static func split(_ range: Range<Int>, into count: Int) -> [Range<Int>] {
        let step = range.count / count
        return (0..<count).map { index in
            let start = range.lowerBound + index * step
            return start..<(index == count - 1 ? range.upperBound : start + step)
        }
    }

    /// Scans each part with its own scanner, on its own thread when there are several.
    private func scan(
        _ view: UnsafeRawBufferPointer, base: Int, parts: [Range<Int>], overlap: Int, path: String?,
        into results: PartFindings
    ) {
        let job = PartScan(scanners: scanners, view: view, base: base, parts: parts, overlap: overlap, path: path, results: results)
        if parts.count == 1 {
            job.run(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: parts.count) { job.run($0) }
        }
    }
}

/// The findings of each part of a batch; each thread writes its own slot only.
private final class PartFindings: @unchecked Sendable {
    let findings: UnsafeMutableBufferPointer<[Finding]>

    init(count: Int) {
        findings = .allocate(capacity: count)
        findings.initialize(repeating: [])
    }

    deinit {
        findings.deinitialize()
        findings.deallocate()
    }
}

/// One batch's scan, shared by the threads: thread `i` uses scanner `i` on part `i` and
/// writes slot `i`; the buffer is only read while they run.
private struct PartScan: @unchecked Sendable {
    let scanners: [TacetCore.Scanner]
    let view: UnsafeRawBufferPointer
    let base: Int
    let parts: [Range<Int>]
    let overlap: Int
    let path: String?
    let results: PartFindings

    func run(_ index: Int) {
        let part = parts[index]
        let context = max(0, part.lowerBound - overlap)..<min(view.count, part.upperBound + overlap)
        var source = BufferSource(UnsafeRawBufferPointer(rebasing: view[context]))
        let streamPart = TacetCore.Scanner.StreamPart(
            sourceStart: base + context.lowerBound, owned: (base + part.lowerBound)..<(base + part.upperBound))
        var findings = results.findings[index]
        findings.removeAll(keepingCapacity: true)
        // A BufferSource never throws, so the scan cannot fail.
        _ = try? scanners[index].scan(&source, path: path, part: streamPart) { findings.append($0) }
        results.findings[index] = findings
    }
}

/// Reads a buffer that outlives the scan of one part.
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

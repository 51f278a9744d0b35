import TacetCore

/// A finding inside an encoded segment: where the segment is in the input, the decoded value,
/// and the decodings applied, outermost first.
struct DecodedFinding: Sendable {
    var finding: Finding
    var encodings: [SegmentDecoder.Encoding]

    /// `base64`, or `base64 > hex` for a hex string inside base64.
    var decodedDescription: String { encodings.map(\.rawValue).joined(separator: " > ") }
}

/// Scans the decoded form of every encoded-looking segment of an input, with its own scanner
/// (the input's scanner is busy streaming), down to ``maximumDepth`` nested encodings.
final class DecodingScanner {
    let maximumDepth: Int
    private let scanner: TacetCore.Scanner
    private(set) var findings: [DecodedFinding] = []
    private var path: String?

    init(rules: RuleSet, maximumDepth: Int) {
        self.maximumDepth = maximumDepth
        scanner = TacetCore.Scanner(rules: rules)
    }

    /// Starts a new input.
    func start(path: String?) {
        self.path = path
        findings.removeAll()
    }

    /// Decodes one run found by ``EncodedRunFinder`` and scans what it decodes to.
    func scan(run: UnsafeRawBufferPointer, at position: EncodedRunFinder.Position) {
        scan(run: run, at: position, outer: nil, encodings: [])
    }

    /// `outer`: for a run inside decoded bytes, the segment of the input that holds it, which is
    /// where its findings are reported.
    private func scan(
        run: UnsafeRawBufferPointer, at position: EncodedRunFinder.Position,
        outer: (range: Range<Int>, line: Int, column: Int)?, encodings: [SegmentDecoder.Encoding]
    ) {
        for (range, encoding, decoded) in SegmentDecoder.decode(run: run, offset: position.offset) {
            // Runs are ASCII, so a piece's column is the run's plus its byte offset in it.
            let place = outer ?? (range, position.line, position.column + range.lowerBound - position.offset)
            let chain = encodings + [encoding]
            for finding in scanner.scan(decoded, path: path) where !finding.isFileLevel {
                var reported = finding
                reported.start = place.range.lowerBound
                reported.end = place.range.upperBound
                reported.matchStart = reported.start
                reported.matchEnd = reported.end
                reported.line = place.line
                reported.column = place.column
                findings.append(DecodedFinding(finding: reported, encodings: chain))
            }
            guard chain.count < maximumDepth else { continue }
            var inner = EncodedRunFinder()
            decoded.withUnsafeBytes { bytes in
                inner.consume(bytes, base: 0) { scan(run: $0, at: $1, outer: place, encodings: chain) }
                inner.finish { scan(run: $0, at: $1, outer: place, encodings: chain) }
            }
        }
    }
}

/// A byte source that shows the bytes it passes on to an ``EncodedRunFinder``, only those of
/// `owned` (the part of a split file a scan reports), and hands the runs to a
/// ``DecodingScanner``.
struct DecodingTap<Base: ByteSource>: ByteSource {
    var base: Base
    private let decoder: DecodingScanner
    private let owned: Range<Int>
    private var offset: Int
    private var finder = EncodedRunFinder()

    init(base: Base, decoder: DecodingScanner, sourceStart: Int = 0, owned: Range<Int> = 0..<Int.max) {
        self.base = base
        self.decoder = decoder
        self.owned = owned
        offset = sourceStart
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try base.read(into: buffer)
        let decoder = decoder
        if count == 0 {
            finder.finish { decoder.scan(run: $0, at: $1) }
            return 0
        }
        let lower = max(offset, owned.lowerBound), upper = min(offset + count, owned.upperBound)
        if lower < upper {
            let view = UnsafeRawBufferPointer(rebasing: buffer[(lower - offset)..<(upper - offset)])
            finder.consume(view, base: lower) { decoder.scan(run: $0, at: $1) }
        }
        offset += count
        return count
    }
}

/// Finds secrets and personal data in bytes: keyword trie and PII prefilter first, then each
/// candidate rule's PCRE2 regex in a bounded window, then validators and allowlists.
///
/// ```swift
/// let rules = try RuleSet.defaultRules()
/// let scanner = Scanner(rules: rules)
/// for finding in scanner.scan(Array("mail bob@example.com".utf8)) {
///     print(finding.rule.id, finding.start, finding.end)   // email-address 5 20
/// }
/// ```
///
/// A scanner holds per-thread scratch (PCRE2 match data, candidate buffers), so it is made
/// once per thread and reused: a scan costs no compilation and no large allocation. The
/// ``RuleSet`` it reads is shared. Streams are read in chunks that overlap by the longest
/// possible match, so memory stays bounded and a match across a chunk boundary is found once.
public final class Scanner {
    public let rules: RuleSet
    public let options: Options
    /// Called for each problem that does not stop the scan (a regex that hit a PCRE2 limit).
    public var onDiagnostic: ((Diagnostic) -> Void)?

    let scratch: PCRE2MatchScratch
    let prefilter: PIIPrefilter
    var candidates: [Candidate] = []
    var pending: [Finding] = []
    /// Rules already reported as hitting a limit during the current input.
    var limitedRules: Set<Int> = []
    /// Rules whose `path` pattern the current input's path does not match.
    var excludedByPath: Set<Int> = []
    /// Tests only: run every rule's regex over the whole input, as a reference for the prefilters.
    package var bypassesPrefilters = false

    public struct Options: Sendable {
        /// Bytes read per chunk when streaming.
        public var chunkSize = 1 << 20
        /// PCRE2 limits applied to every match.
        public var limits = MatchLimits()
        public init() {}
    }

    /// A problem met while scanning that did not stop the scan.
    public struct Diagnostic: Sendable, CustomStringConvertible {
        public var ruleID: String
        public var path: String?
        public var message: String
        public var description: String { "\(path ?? "<memory>"): rule \"\(ruleID)\": \(message)" }
    }

    /// The part of a stream one scan reports, when a big input is split across threads.
    ///
    /// The source starts at absolute offset `sourceStart` and must hold at least
    /// `RuleSet.maxMatchLength` bytes of context before `owned` (unless `owned` starts the
    /// input) and after it (unless it ends the input): a match crossing a part boundary is then
    /// reported once, by the part it starts in. Offsets are absolute; line numbers count from
    /// `owned`'s start, which should begin a line, so the caller adds the newlines of the parts
    /// before it.
    public struct StreamPart: Sendable, Equatable {
        public var sourceStart: Int
        public var owned: Range<Int>

        public init(sourceStart: Int, owned: Range<Int>) {
            self.sourceStart = sourceStart
            self.owned = owned
        }
    }

    /// A rule to confirm in `window` (offsets in the current buffer).
    struct Candidate {
        var rule: Int
        var window: Range<Int>
    }

    public init(rules: RuleSet, options: Options = Options()) {
        self.rules = rules
        self.options = options
        scratch = PCRE2MatchScratch(groups: rules.maxGroups, limits: options.limits)
        prefilter = PIIPrefilter(rules: rules)
    }

    /// Scans a buffer in memory in one pass.
    ///
    /// - Returns: findings in order of their start offset.
    public func scan(_ bytes: [UInt8], path: String? = nil) -> [Finding] {
        bytes.withUnsafeBytes { scan($0, path: path) }
    }

    /// Scans the bytes of `text`.
    public func scan(_ text: String, path: String? = nil) -> [Finding] {
        var text = text
        return text.withUTF8 { scan(UnsafeRawBufferPointer($0), path: path) }
    }

    /// Scans a buffer in memory in one pass; `bytes` need only live for the call.
    public func scan(_ bytes: UnsafeRawBufferPointer, path: String? = nil) -> [Finding] {
        var findings = start(path: path)
        var lines = LineCounter()
        scanRegion(bytes, base: 0, owned: 0..<bytes.count, path: path, lines: &lines) { findings.append($0) }
        return findings
    }

    /// Streams `source` through the scanner in chunks, calling `onFinding` in offset order.
    /// Memory is `chunkSize` plus twice the longest match, whatever the input's size.
    ///
    /// - Parameter part: when a big input is split across threads, the part of it this scan
    ///   reports (see ``StreamPart``); `nil` for the whole stream.
    /// - Returns: the number of newlines in the part reported, to number the lines of the parts
    ///   after it.
    /// - Throws: what `source` throws; findings reported before it are valid.
    @discardableResult
    public func scan(
        _ source: inout some ByteSource, path: String? = nil, part: StreamPart? = nil,
        onFinding: (Finding) -> Void
    ) throws -> Int {
        let part = part ?? StreamPart(sourceStart: 0, owned: 0..<Int.max)
        let pathFindings = start(path: path)
        if part.owned.lowerBound == 0 { pathFindings.forEach(onFinding) }
        let overlap = rules.maxMatchLength
        let chunkSize = max(options.chunkSize, 2 * overlap)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize + 2 * overlap, alignment: 16)
        defer { buffer.deallocate() }
        var base = part.sourceStart, filled = 0, ownedStart = part.owned.lowerBound - base, atEnd = false
        var lines = LineCounter(startingAt: part.owned.lowerBound)
        while true {
            while filled < buffer.count && !atEnd {
                let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if count == 0 { atEnd = true } else { filled += count }
            }
            let view = UnsafeRawBufferPointer(rebasing: buffer[..<filled])
            // Matches that start in the owned part are this chunk's; they end before `filled`
            // because no match is longer than the overlap kept after it.
            let ownedEnd = min(atEnd ? filled : filled - overlap, part.owned.upperBound - base)
            scanRegion(view, base: base, owned: ownedStart..<ownedEnd, path: path, lines: &lines, emit: onFinding)
            lines.advance(to: base + ownedEnd, in: view, base: base)
            if atEnd || base + ownedEnd == part.owned.upperBound { return lines.line - 1 }
            // Keep `overlap` bytes of context before the next owned part, plus the overlap itself.
            let keepFrom = ownedEnd - overlap
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[keepFrom..<filled]))
            base += keepFrom
            filled -= keepFrom
            ownedStart = overlap
        }
    }

    /// Resets the per-input state and returns the file-level findings of path-only rules (such
    /// as "a `.pem` file"). A rule with a `path` pattern applies only where the path matches it.
    private func start(path: String?) -> [Finding] {
        limitedRules.removeAll(keepingCapacity: true)
        excludedByPath.removeAll(keepingCapacity: true)
        var findings: [Finding] = []
        for index in rules.rulesWithPathPattern {
            let rule = rules.rules[index]
            let applies = path.map { rule.pathPattern?.matches($0, scratch: scratch) == true } ?? false
            if !applies {
                excludedByPath.insert(index)
            } else if rule.pattern == nil {
                findings.append(Finding(
                    rule: rule, path: path, start: 0, end: 0, matchStart: 0, matchEnd: 0, line: 0, column: 0,
                    value: "", entropy: 0, confidence: rule.definition.confidence))
            }
        }
        return findings
    }
}

// With swift-nio in the build, Clang files `struct stat` under CDispatch (which includes
// sys/stat.h); MemberImportVisibility then wants that module imported to use its fields.
import CDispatch
import Glibc
import TacetCore

/// What scanning one input gave.
struct InputReport: Sendable {
    enum Outcome: Sendable {
        case scanned
        /// Met while walking and held a NUL byte early on: not scanned.
        case binary
        /// Could not be opened or read through (findings before a read error are kept).
        case failed
        /// Met while walking, or a blob, and bigger than `--max-file-size`: not scanned.
        case tooLarge
    }

    var outcome: Outcome = .scanned
    /// In offset order (for an archive, member by member).
    var findings: [Finding] = []
    /// For the findings inside encoded segments, by index in `findings`: how they were decoded.
    var decodings: [Int: String] = [:]

    /// Adds the findings of one stream, plain and decoded, merged in offset order (plain first
    /// at equal offsets).
    mutating func append(_ plain: [Finding], decoded: [DecodedFinding]) {
        var decoded = decoded[...]
        for finding in plain {
            while let next = decoded.first, next.finding.start < finding.start {
                append(next)
                decoded = decoded.dropFirst()
            }
            findings.append(finding)
        }
        decoded.forEach { append($0) }
    }

    private mutating func append(_ decoded: DecodedFinding) {
        decodings[findings.count] = decoded.decodedDescription
        findings.append(decoded.finding)
    }
    /// Lines for stderr: the input could not be read, or a rule hit a PCRE2 limit.
    var warnings: [String] = []
    var bytes = 0
    /// For a part of a split file: the newlines in the bytes it owns.
    var newlines = 0
}

/// Scans inputs one after another with its own ``TacetCore/Scanner``: one per worker thread.
final class InputScanner {
    private let scanner: TacetCore.Scanner
    private let options: ScanOptions
    private var diagnostics: [String] = []
    /// `nil` when decoding is off.
    private let decoder: DecodingScanner?

    init(rules: RuleSet, options: ScanOptions = ScanOptions()) {
        self.options = options
        scanner = TacetCore.Scanner(rules: rules)
        decoder = options.decodeDepth > 0 ? DecodingScanner(rules: rules, maximumDepth: options.decodeDepth) : nil
        scanner.onDiagnostic = { [unowned self] diagnostic in diagnostics.append("warning: \(diagnostic)") }
    }

    func scan(_ input: ScanInput) -> InputReport {
        if let blob = input.blob { return scan(blob, path: input.path) }
        var report = InputReport()
        let descriptor = input.kind == .standardInput ? 0 : open(input.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            report.outcome = .failed
            report.warnings.append("warning: \(input.path): \(String(cString: strerror(errno)))")
            return report
        }
        defer { if input.kind != .standardInput { close(descriptor) } }
        if let part = input.part {
            return scan(part, of: input.path, descriptor: descriptor)
        }
        var source = PeekingSource(descriptor: descriptor)
        do {
            if input.kind == .walked, options.maxFileSize > 0, Self.size(of: descriptor) > options.maxFileSize {
                report.outcome = .tooLarge
                return report
            }
            if input.kind != .standardInput, try source.startsBinary() {
                if let format = ArchiveReader.format(of: source.head) {
                    try scanArchive(&source, format: format, path: input.path, into: &report)
                    return report
                }
                if input.kind == .walked {
                    report.outcome = .binary
                    return report
                }
            }
            try stream(&source, path: input.path, into: &report)
        } catch {
            report.outcome = .failed
            report.warnings.append("warning: \(input.path): \(error)")
        }
        report.bytes = source.bytesRead
        report.warnings += diagnostics
        diagnostics.removeAll()
        return report
    }

    /// Scans a git blob streamed from `git cat-file`, keeping only the findings on added lines
    /// when the blob comes from a diff.
    private func scan(_ blob: GitBlob, path: String) -> InputReport {
        var report = InputReport()
        /// What the read under the lock left to do.
        enum Fetched {
            case done
            case whole([UInt8], oldLines: Set<Int>)
        }
        do {
            guard let gate = options.catFiles else { throw CLIError("no repository to read blobs from") }
            if let new = blob.content, let cache = options.lineCache {
                // Read ahead by the feed; the old version's lines are usually kept.
                let parentKey = blob.parent.map { BlobKey(hex: Array($0.utf8)[...]) }
                let known = try parentKey.flatMap(cache.lines(of:))
                    ?? gate.withCatFile { try oldLines(of: blob, cache: cache, catFile: $0) }
                try scanChanges(of: blob, new: new, oldLines: known, path: path, cache: cache, into: &report)
                report.warnings += diagnostics
                diagnostics.removeAll()
                return report
            }
            let fetched = try gate.withCatFile { catFile throws -> Fetched in
                guard let size = try catFile.open(blob.id) else {
                    report.outcome = .failed
                    report.warnings.append("warning: \(path): blob \(blob.id) is missing from the repository")
                    return .done
                }
                if options.maxFileSize > 0 && size > options.maxFileSize {
                    report.outcome = .tooLarge
                    return .done
                }
                if let cache = options.lineCache, size <= Self.changedRegionLimit {
                    let new = try catFile.readContent(count: size)
                    return .whole(new, oldLines: try oldLines(of: blob, cache: cache, catFile: catFile))
                }
                // Big blobs, and diffs: scanned as they stream, holding the process.
                try streamBlob(blob, path: path, from: catFile, into: &report)
                return .done
            }
            if case .whole(let new, let oldLines) = fetched, let cache = options.lineCache {
                try scanChanges(of: blob, new: new, oldLines: oldLines, path: path, cache: cache, into: &report)
            }
        } catch {
            report.outcome = .failed
            report.warnings.append("warning: \(path): \(error)")
        }
        report.warnings += diagnostics
        diagnostics.removeAll()
        return report
    }

    private func streamBlob(_ blob: GitBlob, path: String, from catFile: CatFile, into report: inout InputReport) throws {
        var source = PeekingSource(base: catFile.content())
        if try source.startsBinary() {
            if let format = ArchiveReader.format(of: source.head) {
                try scanArchive(&source, format: format, path: path, into: &report)
            } else {
                report.outcome = .binary
            }
            return
        }
        try stream(&source, path: path, into: &report) { finding in
            // A finding about the whole file counts when the diff adds the file's first line.
            blob.addedLines?.contains(line: max(finding.line, 1)) ?? true
        }
        report.bytes = source.bytesRead
    }

    private static func size(of descriptor: Int32) -> Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    /// History blobs up to this size are read whole and compared with the blob they replace;
    /// bigger ones are streamed and scanned whole.
    static let changedRegionLimit = 8 << 20

    /// The line hashes of the blob `blob` replaced: kept from when it was scanned, or read
    /// again; empty for a new file.
    private func oldLines(of blob: GitBlob, cache: LineHashCache, catFile: CatFile) throws -> Set<Int> {
        guard let parent = blob.parent else { return [] }
        if let cached = cache.lines(of: BlobKey(hex: Array(parent.utf8)[...])) { return cached }
        guard let oldSize = try catFile.open(parent), oldSize <= Self.changedRegionLimit else { return [] }
        return ChangedRegion.lineHashes(try catFile.readContent(count: oldSize))
    }

    /// Scans only the lines of a blob (`new`) that the one it replaced did not have
    /// (`oldLines`), with a margin around them (see ``ChangedRegion``): the rest was scanned in
    /// that one. Keeps the blob's line hashes for its next version.
    private func scanChanges(
        of blob: GitBlob, new: [UInt8], oldLines: Set<Int>, path: String, cache: LineHashCache,
        into report: inout InputReport
    ) throws {
        var head = PeekingSource(base: ArraySource(Array(new.prefix(PeekingSource<ArraySource>.binaryCheckLength))))
        if try head.startsBinary() {
            if let format = ArchiveReader.format(of: head.head) {
                try scanMembers(of: new, format: format, path: path, depth: 1, limit: Self.changedRegionLimit, into: &report)
            } else {
                report.outcome = .binary
            }
            return
        }
        let (parts, newLines) = ChangedRegion.parts(oldLines: oldLines, new: new, margin: Self.changeMargin(scanner.rules))
        cache.store(newLines, for: BlobKey(hex: Array(blob.id.utf8)[...]))
        let context = scanner.rules.maxMatchLength
        var lines = 0, counted = 0
        report.bytes = 0
        for owned in parts {
            for byte in new[counted..<owned.lowerBound] where byte == 0x0A { lines += 1 }
            counted = owned.lowerBound
            let range = max(0, owned.lowerBound - context)..<min(new.count, owned.upperBound + context)
            var source = ArraySource(Array(new[range]))
            let start = report.findings.count
            try stream(&source, path: path, part: TacetCore.Scanner.StreamPart(sourceStart: range.lowerBound, owned: owned), into: &report)
            for index in start..<report.findings.count where !report.findings[index].isFileLevel {
                report.findings[index].line += lines
            }
            report.bytes += owned.count
        }
    }

    /// How far around a changed line history scans: the longest match, but no more than 512
    /// bytes (the default `maxLength`), or the few rules with long matches (PEM keys) would
    /// have whole files scanned again.
    static func changeMargin(_ rules: RuleSet) -> Int { min(rules.maxMatchLength, 512) }

    /// How deep archives inside archives are opened.
    static let maximumArchiveDepth = 3

    /// Reads a zip, tar or gzip file whole (up to `--max-file-size`, 100 MiB without one) and
    /// scans its members, reported as `archive!member`.
    private func scanArchive<Base>(
        _ source: inout PeekingSource<Base>, format: ArchiveReader.Format, path: String, into report: inout InputReport
    ) throws {
        let limit = options.maxFileSize > 0 ? options.maxFileSize : 100 << 20
        defer { report.bytes = source.bytesRead }
        guard let bytes = try source.readAll(limit: limit) else {
            report.outcome = .tooLarge
            return
        }
        try scanMembers(of: bytes, format: format, path: path, depth: 1, limit: limit, into: &report)
    }

    private func scanMembers(
        of bytes: [UInt8], format: ArchiveReader.Format, path: String, depth: Int, limit: Int,
        into report: inout InputReport
    ) throws {
        var failures: [String] = []
        try ArchiveReader.forEachMember(
            of: bytes, format: format, limit: limit,
            skipped: { name, why in failures.append("warning: \(path)!\(name): not scanned: \(why)") }
        ) { name, content in
            // A gzip file's one member is named after the file.
            let memberPath = path + "!" + (name.isEmpty ? String(path.split(separator: "/").last ?? "").replacing(/\.gz$/, with: "") : name)
            if let inner = ArchiveReader.format(of: content.prefix(512)) {
                guard depth < Self.maximumArchiveDepth else {
                    return failures.append("warning: \(memberPath): not scanned: archives nested too deep")
                }
                do {
                    try scanMembers(of: content, format: inner, path: memberPath, depth: depth + 1, limit: limit, into: &report)
                } catch {
                    failures.append("warning: \(memberPath): \(error)")
                }
                return
            }
            guard !content.prefix(PeekingSource<ArraySource>.binaryCheckLength).contains(0) else { return }
            var member = ArraySource(content)
            do {
                try stream(&member, path: memberPath, into: &report)
            } catch {
                failures.append("warning: \(memberPath): \(error)")
            }
        }
        report.warnings += failures
    }

    /// Streams `source` through the scanner, and through the decoder when decoding is on,
    /// adding the findings `keep` accepts to `report`; returns the newlines of the part scanned.
    @discardableResult
    private func stream(
        _ source: inout some ByteSource, path: String, part: TacetCore.Scanner.StreamPart? = nil,
        into report: inout InputReport, keep: (Finding) -> Bool = { _ in true }
    ) throws -> Int {
        guard let decoder else {
            return try scanner.scan(&source, path: path, part: part) { if keep($0) { report.findings.append($0) } }
        }
        decoder.start(path: path)
        var tap = DecodingTap(
            base: source, decoder: decoder, sourceStart: part?.sourceStart ?? 0, owned: part?.owned ?? 0..<Int.max)
        var plain: [Finding] = []
        defer {
            source = tap.base
            report.append(plain, decoded: decoder.findings.filter { keep($0.finding) })
        }
        return try scanner.scan(&tap, path: path, part: part) { if keep($0) { plain.append($0) } }
    }

    /// Scans one part of a split file, reading the longest match's worth of context on each
    /// side; line numbers count from the part's start (the caller shifts them).
    private func scan(_ part: FilePart, of path: String, descriptor: Int32) -> InputReport {
        var report = InputReport()
        let context = scanner.rules.maxMatchLength
        let sourceRange = max(0, part.owned.lowerBound - context)..<(part.owned.upperBound + context)
        var source = FileRangeSource(descriptor: descriptor, range: sourceRange)
        do {
            let streamPart = TacetCore.Scanner.StreamPart(sourceStart: sourceRange.lowerBound, owned: part.owned)
            report.newlines = try stream(&source, path: path, part: streamPart, into: &report)
        } catch {
            report.outcome = .failed
            report.warnings.append("warning: \(path): \(error)")
        }
        report.bytes = part.owned.count
        report.warnings += diagnostics
        diagnostics.removeAll()
        return report
    }
}

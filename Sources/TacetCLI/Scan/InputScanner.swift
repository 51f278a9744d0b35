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
    /// In offset order.
    var findings: [Finding] = []
    /// Findings inside encoded segments, in offset order.
    var decoded: [DecodedFinding] = []
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
    /// This thread's `git cat-file`, started at the first blob.
    private var catFile: CatFile?
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
            if input.kind == .walked, try source.startsBinary() {
                report.outcome = .binary
                return report
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
        do {
            let catFile = try catFile ?? CatFile(repository: options.repository ?? ".")
            self.catFile = catFile
            guard let size = try catFile.open(blob.id) else {
                report.outcome = .failed
                report.warnings.append("warning: \(path): blob \(blob.id) is missing from the repository")
                return report
            }
            if options.maxFileSize > 0 && size > options.maxFileSize {
                report.outcome = .tooLarge
                return report
            }
            var source = PeekingSource(base: catFile.content())
            if try source.startsBinary() {
                report.outcome = .binary
                return report
            }
            try stream(&source, path: path, into: &report) { finding in
                // A finding about the whole file counts when the diff adds the file's first line.
                blob.addedLines?.contains(line: max(finding.line, 1)) ?? true
            }
            report.bytes = source.bytesRead
        } catch {
            report.outcome = .failed
            report.warnings.append("warning: \(path): \(error)")
            // The pipe may be out of step: the next blob starts a new process.
            catFile = nil
        }
        report.warnings += diagnostics
        diagnostics.removeAll()
        return report
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
        defer {
            source = tap.base
            report.decoded = decoder.findings.filter { keep($0.finding) }
        }
        return try scanner.scan(&tap, path: path, part: part) { if keep($0) { report.findings.append($0) } }
    }

    private static func size(of descriptor: Int32) -> Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
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

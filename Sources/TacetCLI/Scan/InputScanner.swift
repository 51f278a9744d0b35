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
    }

    var outcome: Outcome = .scanned
    /// In offset order.
    var findings: [Finding] = []
    /// Lines for stderr: the input could not be read, or a rule hit a PCRE2 limit.
    var warnings: [String] = []
    var bytes = 0
    /// For a part of a split file: the newlines in the bytes it owns.
    var newlines = 0
}

/// Scans inputs one after another with its own ``TacetCore/Scanner``: one per worker thread.
final class InputScanner {
    private let scanner: TacetCore.Scanner
    private var diagnostics: [String] = []

    init(rules: RuleSet) {
        scanner = TacetCore.Scanner(rules: rules)
        scanner.onDiagnostic = { [unowned self] diagnostic in diagnostics.append("warning: \(diagnostic)") }
    }

    func scan(_ input: ScanInput) -> InputReport {
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
            if input.kind == .walked, try source.startsBinary() {
                report.outcome = .binary
                return report
            }
            try scanner.scan(&source, path: input.path) { report.findings.append($0) }
        } catch {
            report.outcome = .failed
            report.warnings.append("warning: \(input.path): \(error)")
        }
        report.bytes = source.bytesRead
        report.warnings += diagnostics
        diagnostics.removeAll()
        return report
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
            report.newlines = try scanner.scan(&source, path: path, part: streamPart) { report.findings.append($0) }
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

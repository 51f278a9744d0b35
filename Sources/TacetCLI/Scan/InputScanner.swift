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
}

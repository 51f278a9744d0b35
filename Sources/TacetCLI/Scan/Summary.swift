import Foundation
import TacetCore

/// The totals of a scan and the one line about them printed on stderr at the end.
struct Summary {
    var files = 0
    var binaryFiles = 0
    /// Skipped for being bigger than `--max-file-size`.
    var largeFiles = 0
    var bytes = 0
    var findings = 0
    /// Findings reported, by rule id.
    var findingsByRule: [String: Int] = [:]
    /// Findings left out: in the baseline, listed in an ignore file, or seen before in history.
    var suppressed = 0
    /// Warnings printed, including inputs that could not be read.
    var warnings = 0

    /// Adds an input's outcome, bytes and warnings (findings are counted as reported); `isFile` is false for the later parts of a split file.
    mutating func add(_ report: InputReport, isFile: Bool = true) {
        switch report.outcome {
        case .scanned: if isFile { files += 1 }
        case .binary: binaryFiles += 1
        case .failed: break  // counted by its warning
        case .tooLarge: largeFiles += 1
        }
        bytes += report.bytes
        warnings += report.warnings.count
    }

    /// Counts a finding reported.
    mutating func count(_ finding: Finding) {
        findings += 1
        findingsByRule[finding.rule.id, default: 0] += 1
    }

    /// The exit status: 1 when anything was found, else 2 after any warning, else 0.
    var status: Int32 { findings > 0 ? 1 : warnings > 0 ? 2 : 0 }

    /// `12 files, 3.4 MB in 0.21 s (16.2 MB/s), 3 findings, 1 binary file skipped, 1 warning`.
    func line(elapsed: Duration) -> String {
        let seconds = Self.seconds(elapsed)
        var parts = [
            "\(Self.count(files, "file")), \(Self.megabytes(bytes)) in \(Self.decimal(seconds, places: 2)) s "
                + "(\(Self.megabytes(Int(Double(bytes) / max(seconds, 0.001))))/s)",
            Self.count(findings, "finding"),
        ]
        if suppressed > 0 { parts.append("\(suppressed) suppressed") }
        if binaryFiles > 0 { parts.append("\(Self.count(binaryFiles, "binary file")) skipped") }
        if largeFiles > 0 { parts.append("\(Self.count(largeFiles, "file")) over --max-file-size skipped") }
        if warnings > 0 { parts.append(Self.count(warnings, "warning")) }
        return parts.joined(separator: ", ") + byRuleLine
    }

    /// `\nfindings by rule: email 3, aws-access-key-id 1`, most first; empty without findings.
    private var byRuleLine: String {
        guard !findingsByRule.isEmpty else { return "" }
        let sorted = findingsByRule.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return "\nfindings by rule: " + sorted.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Decimal megabytes with one decimal, `MB`.
    static func megabytes(_ bytes: Int) -> String { decimal(Double(bytes) / 1e6, places: 1) + " MB" }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func decimal(_ value: Double, places: Int) -> String { String(format: "%.\(places)f", value) }
}

import TacetCore

/// Decides which findings are reported: not those in the ignore files or the baseline, and in
/// a history scan each value only the first time it is seen (its introducing commit).
struct FindingFilter {
    var ignored = IgnoreList()
    /// Fingerprints from `--baseline`.
    var baseline: Set<String> = []
    /// History scans: report each (rule, value) once, where it first appears.
    var reportsFirstOnly = false
    private var seen: Set<String> = []

    init(ignored: IgnoreList = IgnoreList(), baseline: Set<String> = [], reportsFirstOnly: Bool = false) {
        self.ignored = ignored
        self.baseline = baseline
        self.reportsFirstOnly = reportsFirstOnly
    }

    enum Verdict {
        case report
        /// Listed in an ignore file.
        case ignored
        /// In the baseline: not reported, but still written to `--baseline-out`.
        case baselined
        /// Seen earlier in the history.
        case repeated
    }

    /// What to do with `finding`; call in report order.
    mutating func verdict(_ finding: Finding, commit: String?) -> Verdict {
        // A finding about a whole file has no value: it is one per path.
        let key = finding.isFileLevel ? finding.fingerprint + ":" + finding.reportedPath : finding.fingerprint
        if reportsFirstOnly && !seen.insert(key).inserted { return .repeated }
        if ignored.contains(finding, commit: commit) { return .ignored }
        if baseline.contains(finding.fingerprint) { return .baselined }
        return .report
    }
}

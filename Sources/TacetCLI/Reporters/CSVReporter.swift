import TacetCore

/// CSV per RFC 4180: a header line, one record per finding, CRLF line ends, and a field quoted
/// (with inner quotes doubled) when it holds a comma, a quote, CR or LF. Columns:
/// `rule,entity,category,severity,path,line,column,start,end,value,fingerprint,confidence`,
/// with the meanings of ``JSONReporter``'s keys; `value` is masked under `--redact`. A history
/// scan (`--git`) adds the columns `commit,author,email,date`.
struct CSVReporter: Reporter {
    var redact: Bool
    var history = false

    static let columns = [
        "rule", "entity", "category", "severity", "path", "line", "column", "start", "end", "value", "fingerprint",
        "confidence",
    ]

    static let historyColumns = ["commit", "author", "email", "date"]

    func begin() -> String { record(Self.columns + (history ? Self.historyColumns : [])) }

    func report(_ finding: Finding, origin: FindingOrigin) -> String {
        let commit = origin.commit
        let historyFields = history ? [commit?.id, commit?.author, commit?.email, commit?.date].map { $0 ?? "" } : []
        return record([
            finding.rule.id, finding.rule.entity, finding.rule.category.rawValue,
            finding.rule.definition.severity.rawValue, finding.reportedPath, String(finding.line),
            String(finding.column), String(finding.start), String(finding.end),
            redact ? ValueMask.mask(finding.value) : finding.value, finding.fingerprint, String(finding.confidence),
        ] + historyFields)
    }

    func end() -> String { "" }

    private func record(_ fields: [String]) -> String {
        fields.map(Self.quoted).joined(separator: ",") + "\r\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else {
            return field
        }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}

import TacetCore

/// Lines for people: `path:line:column  rule-id  ENTITY  preview`, the preview always masked
/// (see ``ValueMask``); a file-level finding shows the path alone. Colour is ANSI SGR. Control
/// characters in paths and values are escaped, so scanned bytes cannot drive the terminal.
struct TextReporter: Reporter {
    var color: Bool

    func begin() -> String { "" }

    func report(_ finding: Finding) -> String { report(finding, origin: FindingOrigin()) }

    func report(_ finding: Finding, origin: FindingOrigin) -> String {
        var location = paint(Self.printable(finding.reportedPath), "35")
        if !finding.isFileLevel { location += ":" + paint("\(finding.line):\(finding.column)", "32") }
        let entityColor = switch finding.rule.definition.severity {
        case .critical, .high: "31"
        case .medium: "33"
        case .low: "34"
        }
        var line = "\(location)  \(paint(finding.rule.id, "1"))  \(paint(finding.rule.entity, entityColor))"
        let preview = Self.printable(ValueMask.mask(finding.value))
        if !preview.isEmpty { line += "  " + preview }
        if let decoded = origin.decoded { line += "  decoded from " + decoded }
        if let commit = origin.commit {
            let what = "commit \(commit.id.prefix(12)) (\(commit.author), \(commit.date.prefix(10)))"
            line += "  " + paint(Self.printable(what), "36")
        }
        return line + "\n"
    }

    func end() -> String { "" }

    /// `\n`, `\r` and `\t` as such, other C0 and C1 controls and DEL as `\u{…}`.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F..<0xA0: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

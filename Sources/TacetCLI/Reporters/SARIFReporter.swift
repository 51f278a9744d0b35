import TacetCore

/// SARIF 2.1.0, one run, for code-scanning services.
///
/// `tool.driver.rules` lists every rule of the rule set (`id`, `name`, `shortDescription.text`,
/// `properties.tags`, `category`, `entity` and `security-severity`), so `ruleIndex` is the
/// rule's position in the set. Each result has `ruleId`, `ruleIndex`, `level` (critical and high
/// → `error`, medium → `warning`, low → `note`), a `message.text` that never holds the value,
/// one location (`artifactLocation.uri` relative to `%SRCROOT%`, or a `file://` URI for an
/// absolute path; a `region` with lines, columns in Unicode code points, `byteOffset` and
/// `byteLength`, left out for a finding about a whole file) and `partialFingerprints["tacet/v1"]`.
struct SARIFReporter: Reporter {
    let rules: RuleSet
    private var count = 0

    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    init(rules: RuleSet) { self.rules = rules }

    func begin() -> String {
        let driver = JSONValue.object([
            ("name", .string("tacet")),
            ("version", .string(ToolInfo.version)),
            ("rules", .array(rules.rules.map(Self.descriptor))),
        ])
        // Written by hand around the results so they can stream.
        return """
            {
              "$schema": \(JSONValue.string(Self.schema).compact),
              "version": "2.1.0",
              "runs": [
                {
                  "tool": {
                    "driver": \(driver.pretty(level: 4))
                  },
                  "columnKind": "unicodeCodePoints",
                  "results": [
            """
    }

    mutating func report(_ finding: Finding, origin: FindingOrigin) -> String {
        count += 1
        return (count == 1 ? "\n        " : ",\n        ") + Self.result(for: finding, origin: origin).pretty(level: 4)
    }

    func end() -> String {
        (count == 0 ? "]" : "\n      ]") + "\n    }\n  ]\n}\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    private static func descriptor(_ rule: Rule) -> JSONValue {
        let definition = rule.definition
        // GitHub code scanning ranks security results by this score (0.1–10, as a string).
        let score = switch definition.severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        }
        return .object([
            ("id", .string(rule.id)),
            ("name", .string(rule.id)),
            ("shortDescription", .object([("text", .string(definition.description ?? "\(rule.entity) (\(rule.id))"))])),
            ("properties", .object([
                ("tags", .array(definition.tags.map(JSONValue.string))),
                ("category", .string(rule.category.rawValue)),
                ("entity", .string(rule.entity)),
                ("security-severity", .string(score)),
            ])),
        ])
    }

    private static func result(for finding: Finding, origin: FindingOrigin) -> JSONValue {
        let rule = finding.rule
        var physical: [(String, JSONValue)] = [("artifactLocation", artifactLocation(finding.reportedPath))]
        if !finding.isFileLevel {
            let (endLine, endColumn) = end(of: finding)
            physical.append(("region", .object([
                ("startLine", .int(finding.line)),
                ("startColumn", .int(finding.column)),
                ("endLine", .int(endLine)),
                ("endColumn", .int(endColumn)),
                ("byteOffset", .int(finding.start)),
                ("byteLength", .int(finding.end - finding.start)),
            ])))
        }
        let what = rule.definition.description.map { "\($0) (\(rule.entity))" } ?? rule.entity
        var pairs: [(String, JSONValue)] = [
            ("ruleId", .string(rule.id)),
            ("ruleIndex", .int(rule.index)),
            ("level", .string(level(rule.definition.severity))),
            ("message", .object([("text", .string(
                "\(what) found by rule \(rule.id)" + (origin.decoded.map { " (decoded from \($0))" } ?? "")))])),
            ("locations", .array([.object([("physicalLocation", .object(physical))])])),
            ("partialFingerprints", .object([("tacet/v1", .string(finding.fingerprint))])),
        ]
        if let commit = origin.commit {
            pairs.append(("properties", .object([
                ("commit", .string(commit.id)), ("author", .string(commit.author)), ("email", .string(commit.email)),
                ("date", .string(commit.date)),
            ])))
        }
        return .object(pairs)
    }

    /// The line and the column just past the value (SARIF's end column is exclusive).
    private static func end(of finding: Finding) -> (line: Int, column: Int) {
        var line = finding.line, column = finding.column
        for scalar in finding.value.unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    private static func artifactLocation(_ path: String) -> JSONValue {
        if path.hasPrefix("/") { return .object([("uri", .string("file://" + percentEncoded(path)))]) }
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return .object([("uri", .string(percentEncoded(relative))), ("uriBaseId", .string("%SRCROOT%"))])
    }

    /// RFC 3986: unreserved characters and `/` as they are, every other byte as `%XX`.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append(contentsOf: ["%", hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            }
        }
        return out
    }
}

import TacetCore

/// Findings to leave out, listed in `.tacetignore` and `.gitleaksignore` files.
///
/// A line is a Tacet fingerprint (32 hex digits, the `fingerprint` of JSON output: rule and
/// value, so it survives the line moving and a new value on the same line is not hidden), or a
/// gitleaks entry `[commit:]path:rule-id:line`. Blank lines and lines starting with `#` are
/// comments.
struct IgnoreList {
    private(set) var fingerprints: Set<String> = []
    private(set) var locations: Set<Location> = []

    /// A gitleaks entry: the finding at this path, rule and line (in this commit, if given).
    struct Location: Hashable {
        var commit: String?
        var path: String
        var rule: String
        var line: Int
    }

    var isEmpty: Bool { fingerprints.isEmpty && locations.isEmpty }

    /// Adds the entries of one file's text.
    ///
    /// - Throws: ``CLIError`` naming the file and line of an entry that is neither form.
    mutating func add(_ text: String, file: String) throws(CLIError) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
            let entry = String(line)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            if entry.utf8.count == 32, entry.utf8.allSatisfy(Self.isHexDigit) {
                fingerprints.insert(entry.lowercased())
            } else if let location = Self.location(entry) {
                locations.insert(location)
            } else {
                throw CLIError("\(file):\(index + 1): not a fingerprint (32 hex digits) nor path:rule-id:line")
            }
        }
    }

    func contains(_ finding: Finding, commit: String?) -> Bool {
        if fingerprints.contains(finding.fingerprint) { return true }
        guard !locations.isEmpty else { return false }
        let path = finding.reportedPath.hasPrefix("./") ? String(finding.reportedPath.dropFirst(2)) : finding.reportedPath
        let location = Location(commit: nil, path: path, rule: finding.rule.id, line: finding.line)
        if locations.contains(location) { return true }
        guard let commit else { return false }
        return locations.contains(Location(commit: commit, path: path, rule: finding.rule.id, line: finding.line))
    }

    /// `[commit:]path:rule-id:line`, read from the right because a path may hold colons; the
    /// first field is a commit when it is 40 or 64 hex digits.
    private static func location(_ entry: String) -> Location? {
        var fields = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 3, let line = Int(fields.removeLast()) else { return nil }
        let rule = fields.removeLast()
        var commit: String?
        if fields.count > 1, [40, 64].contains(fields[0].utf8.count), fields[0].utf8.allSatisfy(isHexDigit) {
            commit = fields.removeFirst().lowercased()
        }
        let path = fields.joined(separator: ":")
        guard !path.isEmpty, !rule.isEmpty else { return nil }
        return Location(commit: commit, path: path, rule: rule, line: line)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
}

/// An ``Allowlist`` with its patterns compiled.
struct CompiledAllowlist: Sendable {
    let condition: Allowlist.Condition
    let regexes: [PCRE2Pattern]
    let regexTarget: Allowlist.RegexTarget
    /// Lowercased, matched against the lowercased secret.
    let stopwords: [[UInt8]]
    let paths: [PCRE2Pattern]
    let commits: Set<String>
    let targetRules: Set<String>

    init(_ allowlist: Allowlist) throws(PCRE2CompileError) {
        condition = allowlist.condition
        regexTarget = allowlist.regexTarget
        var regexes: [PCRE2Pattern] = []
        for pattern in allowlist.regexes { regexes.append(try PCRE2Pattern(pattern)) }
        self.regexes = regexes
        var paths: [PCRE2Pattern] = []
        for pattern in allowlist.paths { paths.append(try PCRE2Pattern(pattern)) }
        self.paths = paths
        stopwords = allowlist.stopwords.map { Array($0.lowercased().utf8) }
        commits = Set(allowlist.commits)
        targetRules = Set(allowlist.targetRules)
    }

    /// What an allowlist looks at for one candidate.
    struct Subject {
        var secret: UnsafeRawBufferPointer
        var match: UnsafeRawBufferPointer
        var line: UnsafeRawBufferPointer
        var path: String?
        var commit: String?
    }

    /// Whether this allowlist drops the candidate: with OR, any listed check holds; with AND,
    /// every listed check holds. Checks with nothing listed do not count.
    func allows(_ subject: Subject, scratch: PCRE2MatchScratch) -> Bool {
        var results: [Bool] = []
        if !commits.isEmpty { results.append(subject.commit.map(commits.contains) ?? false) }
        if !paths.isEmpty {
            results.append(subject.path.map { path in paths.contains { $0.matches(path, scratch: scratch) } } ?? false)
        }
        if !regexes.isEmpty {
            let target = switch regexTarget {
            case .secret: subject.secret
            case .match: subject.match
            case .line: subject.line
            }
            results.append(regexes.contains { $0.matches(target, scratch: scratch) })
        }
        if !stopwords.isEmpty {
            let secret = subject.secret.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            results.append(secret.withUnsafeBytes { secret in
                stopwords.contains { stopword in stopword.withUnsafeBytes { secret.contains($0) } }
            })
        }
        guard !results.isEmpty else { return false }
        return condition == .or ? results.contains(true) : !results.contains(false)
    }
}

extension PCRE2Pattern {
    /// Whether the pattern matches anywhere in `bytes`; a limit counts as no match.
    func matches(_ bytes: UnsafeRawBufferPointer, scratch: PCRE2MatchScratch) -> Bool {
        firstMatch(in: bytes, from: 0, scratch: scratch) == .match
    }

    func matches(_ string: String, scratch: PCRE2MatchScratch) -> Bool {
        var string = string
        return string.withUTF8 { matches(UnsafeRawBufferPointer($0), scratch: scratch) }
    }
}

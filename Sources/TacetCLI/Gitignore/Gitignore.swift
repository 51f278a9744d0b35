/// The patterns of one ignore file (a `.gitignore` or `.git/info/exclude`) and the folder they
/// are relative to.
struct Gitignore {
    /// The folder holding the file, relative to the top of the walk's repository, with a trailing
    /// `/` (empty for the top itself).
    let folder: [UInt8]
    let patterns: [GitignorePattern]

    init(folder: [UInt8], contents: [UInt8]) {
        self.folder = folder
        var body = contents[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        patterns = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap { line in
            // git drops the CR of a CRLF line ending too.
            GitignorePattern(line: line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }
    }

    enum Verdict { case ignored, included }

    /// The verdict of the last pattern matching `path` (relative to the repository top), or `nil`
    /// when none matches or the path is outside this file's folder.
    func verdict(for path: [UInt8], isDirectory: Bool) -> Verdict? {
        guard path.starts(with: folder) else { return nil }
        let relative = Array(path[folder.count...])
        let name = Array(relative[(relative.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0)...])
        guard let pattern = patterns.last(where: { $0.matches(relative, name: name, isDirectory: isDirectory) }) else {
            return nil
        }
        return pattern.negated ? .included : .ignored
    }
}

/// The ignore files in force at one point of a walk, lowest precedence first: git's order is
/// `.git/info/exclude`, then `.gitignore` files from the top down, a deeper file winning.
struct IgnoreRules {
    private(set) var files: [Gitignore] = []

    mutating func add(_ file: Gitignore) {
        if !file.patterns.isEmpty { files.append(file) }
    }

    /// Whether git would ignore `path` (relative to the repository top). A path inside an ignored
    /// folder is never asked about: the walk does not enter it, and git cannot re-include it.
    func isIgnored(_ path: [UInt8], isDirectory: Bool) -> Bool {
        for file in files.reversed() {
            if let verdict = file.verdict(for: path, isDirectory: isDirectory) { return verdict == .ignored }
        }
        return false
    }
}

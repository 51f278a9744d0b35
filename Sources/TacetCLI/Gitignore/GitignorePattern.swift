/// One line of a `.gitignore` file, with the meaning gitignore(5) documents.
struct GitignorePattern: Equatable {
    /// The glob, without its `!`, leading `/` or trailing `/`.
    let glob: PathGlob
    /// `!pattern`: a match re-includes the path.
    let negated: Bool
    /// `pattern/`: matches directories only.
    let directoryOnly: Bool
    /// No `/` other than a trailing one: matched against the last path component at any depth.
    /// Otherwise anchored: matched against the whole path relative to the file's folder.
    let matchesBasename: Bool

    /// Parses one line; `nil` for a blank line or a comment.
    init?(line: some Collection<UInt8>) {
        var bytes = Self.trimmingTrailingSpaces(Array(line))
        guard let first = bytes.first, first != UInt8(ascii: "#") else { return nil }
        negated = first == UInt8(ascii: "!")
        if negated { bytes.removeFirst() }
        directoryOnly = bytes.last == UInt8(ascii: "/")
        if directoryOnly { bytes.removeLast() }
        matchesBasename = !bytes.contains(UInt8(ascii: "/"))
        if !matchesBasename && bytes.first == UInt8(ascii: "/") { bytes.removeFirst() }
        guard !bytes.isEmpty else { return nil }
        glob = PathGlob(bytes)
    }

    /// Whether the pattern matches `path`, relative to the `.gitignore`'s folder with `/`
    /// separators and no leading or trailing slash; `name` is its last component.
    func matches(_ path: [UInt8], name: [UInt8], isDirectory: Bool) -> Bool {
        if directoryOnly && !isDirectory { return false }
        return glob.matches(matchesBasename ? name : path)
    }

    /// Drops trailing spaces unless the last is escaped with a backslash (git's rule; tabs stay).
    private static func trimmingTrailingSpaces(_ bytes: [UInt8]) -> [UInt8] {
        var keep = bytes.count
        var i = 0
        var firstTrailingSpace: Int?
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "):
                if firstTrailingSpace == nil { firstTrailingSpace = i }
            case UInt8(ascii: "\\"):
                i += 1
                firstTrailingSpace = nil
            default:
                firstTrailingSpace = nil
            }
            i += 1
        }
        if let firstTrailingSpace { keep = firstTrailingSpace }
        return Array(bytes[..<keep])
    }
}

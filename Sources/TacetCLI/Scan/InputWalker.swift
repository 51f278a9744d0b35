/// Turns the command line's paths into the list of inputs to scan, in a fixed order: the paths
/// in the order given, each folder depth-first with its entries in byte order of their names.
///
/// While walking a folder it skips `.git`, symbolic links, special files and what the ignore
/// files exclude (`.gitignore` at every level and `.git/info/exclude`, with git's semantics and
/// precedence, including the `.gitignore` files between the repository top and the folder;
/// `.git/info/exclude` is read when `.git` is a folder, not in a linked worktree).
/// A path named on the command line is always scanned, and followed if it is a link.
struct InputWalker {
    /// Honour `.gitignore` and `.git/info/exclude`.
    var usesIgnoreFiles = true
    /// Files never to scan (the report being written).
    var excluded: Set<FileSystem.FileID> = []

    private(set) var inputs: [ScanInput] = []
    /// Paths that could not be read, one message each.
    private(set) var warnings: [String] = []

    /// Adds one command-line path; `""` is the current folder, whose files are reported without
    /// a `./` prefix.
    mutating func add(_ path: String) {
        if path == "-" {
            inputs.append(ScanInput(path: "-", kind: .standardInput))
            return
        }
        do {
            if try FileSystem.kind(of: path.isEmpty ? "." : path, follow: true) == .directory {
                walkTop(path)
            } else {
                inputs.append(ScanInput(path: path, kind: .named))
            }
        } catch {
            warnings.append(error.description)
        }
    }

    private mutating func walkTop(_ folder: String) {
        var rules = IgnoreRules()
        var prefix: [UInt8] = []
        if usesIgnoreFiles, let (repository, relative) = Self.repository(containing: folder.isEmpty ? "." : folder) {
            prefix = relative
            if (try? FileSystem.kind(of: FileSystem.join(repository, ".git"), follow: false)) == .directory,
                let exclude = FileSystem.contents(of: FileSystem.join(repository, ".git/info/exclude"))
            {
                rules.add(Gitignore(folder: [], contents: exclude))
            }
            // The .gitignore files above the folder, from the top down.
            var above: [UInt8] = []
            for component in relative.split(separator: UInt8(ascii: "/")) {
                let path = FileSystem.join(repository, String(decoding: above, as: UTF8.self) + ".gitignore")
                if let contents = FileSystem.contents(of: path) { rules.add(Gitignore(folder: above, contents: contents)) }
                above += component
                above.append(UInt8(ascii: "/"))
            }
        }
        walk(folder, relative: prefix, rules: rules)
    }

    /// Walks `folder`, whose path relative to the repository top is `relative` (with a trailing
    /// slash, or empty for the top).
    private mutating func walk(_ folder: String, relative: [UInt8], rules: IgnoreRules) {
        let entries: [FileSystem.Entry]
        do {
            entries = try FileSystem.entries(of: folder.isEmpty ? "." : folder)
        } catch {
            warnings.append(error.description)
            return
        }
        var rules = rules
        if usesIgnoreFiles, let contents = FileSystem.contents(of: FileSystem.join(folder, ".gitignore")) {
            rules.add(Gitignore(folder: relative, contents: contents))
        }
        for entry in entries where entry.name != ".git" {
            let path = FileSystem.join(folder, entry.name)
            let entryRelative = relative + Array(entry.name.utf8)
            switch entry.kind {
            case .directory:
                if !rules.isIgnored(entryRelative, isDirectory: true) {
                    walk(path, relative: entryRelative + [UInt8(ascii: "/")], rules: rules)
                }
            case .regular:
                guard !rules.isIgnored(entryRelative, isDirectory: false) else { continue }
                if !excluded.isEmpty, let id = try? FileSystem.identity(of: path, follow: false), excluded.contains(id) {
                    continue
                }
                inputs.append(ScanInput(path: path, kind: .walked))
            case .symbolicLink, .other:
                continue
            }
        }
    }

    /// The nearest folder at or above `folder` holding a `.git` (a folder, or a file in a linked
    /// worktree), and `folder`'s path below it with a trailing slash; `nil` outside a repository,
    /// where the walk's `.gitignore` files still apply, relative to the folder walked.
    static func repository(containing folder: String) -> (String, [UInt8])? {
        guard let absolute = FileSystem.realPath(folder) else { return nil }
        var candidate = absolute
        while true {
            if FileSystem.exists(FileSystem.join(candidate, ".git")) {
                let below = absolute.utf8.dropFirst(candidate.utf8.count).drop { $0 == UInt8(ascii: "/") }
                return (candidate, below.isEmpty ? [] : Array(below) + [UInt8(ascii: "/")])
            }
            guard candidate != "/", let slash = candidate.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
            candidate = slash == candidate.utf8.startIndex ? "/" : String(candidate[..<slash])
        }
    }
}

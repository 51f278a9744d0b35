/// The files a diff changes (`--staged`: the index against `HEAD`; `--diff RANGE`), as blobs of
/// their new versions, each with the lines the diff adds, so findings keep the line numbers of
/// the new file and only added lines count.
enum GitDiffInputs {
    /// What to compare.
    enum Selection: Sendable, Equatable {
        case staged
        /// Anything `git diff` takes: `BASE..HEAD`, `BASE...HEAD`, one commit.
        case range(String)

        var arguments: [String] {
            switch self {
            case .staged: ["--cached"]
            case .range(let range): [range]
            }
        }
    }

    /// The new blobs of the changed regular files, in git's order (by path).
    ///
    /// `git diff --raw` gives each file's new blob and `git diff -U0` its hunks; both list the
    /// same files in the same order (renames off), so the n-th patch belongs to the n-th raw
    /// entry and no quoted path needs parsing.
    static func list(repository: String, selection: Selection) throws(CLIError) -> [ScanInput] {
        let common = ["git", "-C", repository, "diff", "--no-renames", "--no-color", "--no-ext-diff", "--no-textconv"]
        var entries: [(path: String, blob: String?)] = []
        do {
            let raw = try ChildProcess(common + ["--raw", "-z", "--no-abbrev"] + selection.arguments, withInput: false)
            let reader = PipeReader(descriptor: raw.output)
            while let meta = try reader.record(endingWith: 0) {
                guard meta.first == UInt8(ascii: ":"), let path = try reader.record(endingWith: 0) else { continue }
                entries.append((
                    String(decoding: path, as: UTF8.self),
                    GitHistoryFeed.newRegularBlob(meta[...]).map { String(decoding: $0, as: UTF8.self) }))
            }
            try check(raw)
            var added: [AddedLines] = []
            let patch = try ChildProcess(common + ["-U0"] + selection.arguments, withInput: false)
            let patchReader = PipeReader(descriptor: patch.output)
            while let line = try patchReader.record(endingWith: UInt8(ascii: "\n")) {
                if line.starts(with: "diff --git ".utf8) {
                    added.append(AddedLines())
                } else if line.starts(with: "@@ ".utf8), !added.isEmpty, let range = addedRange(hunkHeader: line) {
                    added[added.count - 1].add(range)
                }
            }
            try check(patch)
            guard added.count == entries.count else {
                throw CLIError("git diff: \(entries.count) files in --raw but \(added.count) patches")
            }
            return zip(entries, added).compactMap { entry, lines in
                guard let blob = entry.blob else { return nil }
                return ScanInput(path: entry.path, kind: .blob, blob: GitBlob(id: blob, commit: nil, addedLines: lines))
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("git diff: \(error)")
        }
    }

    /// The new-file lines of a hunk header `@@ -a[,b] +c[,d] @@`: `c..<c+d` (`d` defaults to 1).
    static func addedRange(hunkHeader: [UInt8]) -> Range<Int>? {
        guard let plus = hunkHeader.firstIndex(of: UInt8(ascii: "+")) else { return nil }
        let field = hunkHeader[(plus + 1)...].prefix { $0 != UInt8(ascii: " ") }
        let numbers = field.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { Int(String(decoding: $0, as: UTF8.self)) }
        guard let start = numbers.first ?? nil else { return nil }
        let count = numbers.count > 1 ? numbers[1] : 1
        guard let count else { return nil }
        return start..<start + count
    }

    private static func check(_ process: ChildProcess) throws(CLIError) {
        let status = process.wait()
        if status != 0 { throw CLIError("git diff failed (exit status \(status))") }
    }
}

/// A commit as reports show it: the one that introduced a finding.
struct GitCommit: Sendable, Equatable {
    /// The full object id in hex.
    var id: String
    var author: String
    var email: String
    /// The author date, strict ISO 8601 (`%aI`).
    var date: String
}

/// A blob to scan, read through `git cat-file`, and what the report says about it.
struct GitBlob: Sendable, Equatable {
    /// The object id in hex.
    var id: String
    /// The commit the blob first appeared in; `nil` for the index (`--staged`).
    var commit: GitCommit?
    /// For `--staged` and `--diff`: only findings starting on these lines (1-based) count.
    var addedLines: AddedLines? = nil
    /// In history: the blob this one replaced at the same path in a commit with one parent.
    /// Its findings were reported already, so only the bytes that differ need scanning.
    var parent: String? = nil
    /// History blobs up to `InputScanner.changedRegionLimit`: the content, read ahead by the
    /// feed; `nil` for the scanner to read through git.
    var content: [UInt8]? = nil
}

/// One thing to scan: a file (or anything `open` can read) or standard input.
struct ScanInput: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case standardInput
        /// Named on the command line: scanned even when binary or ignored.
        case named
        /// Met while walking a folder: skipped when binary.
        case walked
        /// A git blob (`blob` says which), read through `git cat-file`: skipped when binary.
        case blob
    }

    /// The path as reported, and as opened: `-` for standard input.
    var path: String
    var kind: Kind
    /// For a big file split across threads: which part of it this input is.
    var part: FilePart? = nil
    /// For a git blob: its id and where it comes from.
    var blob: GitBlob? = nil
}

/// One of the parts a big file is split into; see ``FileSplitter``.
struct FilePart: Sendable, Equatable {
    /// 0 for the first part.
    var index: Int
    /// The bytes this part reports findings for; it reads context on both sides.
    var owned: Range<Int>
}

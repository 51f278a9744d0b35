/// One thing to scan: a file (or anything `open` can read) or standard input.
struct ScanInput: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case standardInput
        /// Named on the command line: scanned even when binary or ignored.
        case named
        /// Met while walking a folder: skipped when binary.
        case walked
    }

    /// The path as reported, and as opened: `-` for standard input.
    var path: String
    var kind: Kind
}

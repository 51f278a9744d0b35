/// The blobs of a repository's history to scan, each once, in the order they first appear:
/// reads `git log --reverse --date-order -c --raw -z` as it streams and hands on each new blob
/// with the path and commit it first appeared at.
///
/// Oldest first, parents before children, so a value's first blob belongs to the commit that
/// introduced the value. Renames are a deletion and an addition of the same blob, so a moved
/// file is not scanned again; merges count only where their result differs from every parent
/// (`-c`). Only regular files: symbolic links and submodules are skipped.
///
/// Blobs up to `contentLimit` bytes come with their content, read from a `git cat-file --batch`
/// that is asked for them ``lookahead`` blobs ahead: git streams answers without waiting for
/// each request in turn, which matters on a busy machine, where every wait is a lost time slice.
///
/// Memory: the set of blob ids seen (16 bytes each), one commit's header, the blobs asked for
/// ahead (ids only) and the content handed on.
final class GitHistoryFeed: InputFeed {
    private let process: ChildProcess
    private let reader: PipeReader
    private var seen: Set<BlobKey> = []
    private var commit: GitCommit?
    private let contents: CatFile
    private let contentLimit: Int
    /// Blobs asked of `contents`, in order, from `pendingStart` on.
    private var pending: [ScanInput] = []
    private var pendingStart = 0
    private var listedAll = false

    /// About 1.4 MB of blobs at this repository's mean size: enough to keep git busy while the
    /// workers scan (its output pipe holds 1 MiB).
    static let lookahead = 512

    /// - Parameters:
    ///   - revisions: what `git log` walks (`--all`, branch names, options such as `--since`).
    ///   - contentLimit: the biggest blob read ahead; bigger ones are left to the scanner.
    init(repository: String, revisions: [String], contentLimit: Int) throws(CLIError) {
        contents = try CatFile(repository: repository)
        self.contentLimit = contentLimit
        process = try ChildProcess(
            ["git", "-C", repository, "-c", "log.showSignature=false", "log", "--reverse", "--date-order", "-c",
             "--raw", "--no-abbrev", "--no-renames", "-z", "--no-color", "--format=%x01%H%x00%an%x00%ae%x00%aI"]
                + revisions,
            withInput: false)
        reader = PipeReader(descriptor: process.output)
    }

    func next() throws -> ScanInput? {
        while !listedAll && pending.count - pendingStart < Self.lookahead {
            guard let input = try nextListed() else {
                listedAll = true
                break
            }
            try contents.request(input.blob!.id)
            pending.append(input)
        }
        guard pendingStart < pending.count else { return nil }
        var input = pending[pendingStart]
        pendingStart += 1
        if pendingStart >= 1024 {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
        // A missing blob, or one too big to hold, is left for the scanner to report or stream.
        if let size = try contents.nextHeader(), size <= contentLimit {
            input.blob!.content = try contents.readContent(count: size)
        }
        return input
    }

    /// The next blob `git log` lists that was not listed before.
    private func nextListed() throws -> ScanInput? {
        while let field = try nextField() {
            if field.first == 0x01 {
                commit = GitCommit(
                    id: String(decoding: field.dropFirst(), as: UTF8.self), author: try text(nextField()),
                    email: try text(nextField()), date: try text(nextField()))
            } else if field.first == UInt8(ascii: ":"), let path = try nextField(), let commit,
                let id = Self.newRegularBlob(field), seen.insert(BlobKey(hex: id)).inserted
            {
                return ScanInput(
                    path: String(decoding: path, as: UTF8.self), kind: .blob,
                    blob: GitBlob(
                        id: String(decoding: id, as: UTF8.self), commit: commit,
                        parent: Self.replacedBlob(field).map { String(decoding: $0, as: UTF8.self) }))
            }
        }
        let status = process.wait()
        if status != 0 { throw CLIError("git log failed (exit status \(status))") }
        return nil
    }

    /// The next NUL-terminated field without the newline git puts after each commit header.
    private func nextField() throws -> ArraySlice<UInt8>? {
        guard let field = try reader.record(endingWith: 0) else { return nil }
        return field.first == UInt8(ascii: "\n") ? field.dropFirst() : field[...]
    }

    private func text(_ field: ArraySlice<UInt8>?) -> String { field.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// The blob a one-parent raw diff entry replaces (`:old-mode new-mode old-id new-id M`), when
    /// the file existed before; `nil` for an addition or a merge's entry.
    static func replacedBlob(_ entry: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard entry.dropFirst().first != UInt8(ascii: ":") else { return nil }
        let fields = entry.dropFirst().split(separator: UInt8(ascii: " "))
        guard fields.count == 5, fields[2].contains(where: { $0 != UInt8(ascii: "0") }) else { return nil }
        return fields[2]
    }

    /// The result blob of a raw diff entry (`:old-mode new-mode old-id new-id status`, or with
    /// one more mode and id per parent of a merge) when it is a regular file that exists after
    /// the commit; `nil` for a deletion, a symbolic link or a submodule.
    static func newRegularBlob(_ entry: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let parents = entry.prefix { $0 == UInt8(ascii: ":") }.count
        let fields = entry.dropFirst(parents).split(separator: UInt8(ascii: " "))
        guard fields.count == 2 * (parents + 1) + 1 else { return nil }
        let mode = fields[parents], id = fields[fields.count - 2]
        guard mode.elementsEqual("100644".utf8) || mode.elementsEqual("100755".utf8),
            id.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        return id
    }
}

/// The first 128 bits of an object id, enough to tell blobs apart in a set.
struct BlobKey: Hashable {
    var high: UInt64 = 0
    var low: UInt64 = 0

    init(hex: ArraySlice<UInt8>) {
        for (index, digit) in hex.prefix(32).enumerated() {
            let value = UInt64(digit <= UInt8(ascii: "9") ? digit &- UInt8(ascii: "0") : (digit | 0x20) &- UInt8(ascii: "a") &+ 10)
            if index < 16 { high = high << 4 | value } else { low = low << 4 | value }
        }
    }
}

import TacetCore

/// One long-lived `git cat-file --batch`: blob ids in, sized contents out, one at a time, so a
/// blob of any size streams through the scanner in chunks. One per worker thread.
final class CatFile {
    private let process: ChildProcess
    private let reader: PipeReader
    /// Content bytes of the open blob not read yet, plus its trailing newline.
    private var pending = 0

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(repository: String) throws(CLIError) {
        process = try ChildProcess(["git", "-C", repository, "cat-file", "--batch"], withInput: true)
        reader = PipeReader(descriptor: process.output)
    }

    deinit { process.wait() }

    /// Asks for blob `id` and reads its header: its size, or `nil` when the repository does not
    /// have it. The content is then read through ``content()``; ``open(_:)`` skips what is
    /// left of the previous one.
    func open(_ id: String) throws -> Int? {
        try finish()
        try request(id)
        return try nextHeader()
    }

    /// Asks for blob `id` without waiting: git answers requests in order, so several can be
    /// in flight, each read later with ``nextHeader()``.
    func request(_ id: String) throws {
        do {
            try process.write(Array((id + "\n").utf8))
        } catch {
            throw Failure(description: "git cat-file: \(error.description)")
        }
    }

    /// Skips what is left of the open blob and reads the header of the next answer: the blob's
    /// size, or `nil` when the repository does not have it.
    func nextHeader() throws -> Int? {
        try finish()
        guard let header = try reader.record(endingWith: UInt8(ascii: "\n")) else {
            throw Failure(description: "git cat-file ended early")
        }
        // `<id> <type> <size>`, or `<id> missing`.
        let fields = header.split(separator: UInt8(ascii: " "))
        guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else { return nil }
        pending = size + 1
        return size
    }

    /// The open blob's content, `count` bytes (its size), whole.
    func readContent(count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        var source = content()
        while filled < count {
            let read = try bytes.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if read == 0 { throw Failure(description: "git cat-file ended early") }
            filled += read
        }
        return bytes
    }

    /// The open blob's content as a byte source.
    func content() -> Content { Content(catFile: self) }

    /// Skips the rest of the open blob.
    func finish() throws {
        guard pending > 0 else { return }
        let count = pending
        pending = 0
        guard try reader.skip(count) else { throw Failure(description: "git cat-file ended early") }
    }

    struct Content: ByteSource {
        let catFile: CatFile

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            // The trailing newline is not content.
            let count = try catFile.reader.read(into: buffer, limit: catFile.pending - 1)
            if count == 0 && catFile.pending > 1 { throw Failure(description: "git cat-file ended early") }
            catFile.pending -= count
            return count
        }
    }
}

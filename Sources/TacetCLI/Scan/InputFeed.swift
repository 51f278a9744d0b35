/// Where a scan's inputs come from, one at a time, so a long list (a repository's history) is
/// never held whole. ``ScanPool`` calls `next()` from one thread at a time.
protocol InputFeed: AnyObject {
    /// The next input, or `nil` when there are no more.
    /// - Throws: ``CLIError`` when the inputs cannot all be listed (git failed, say).
    func next() throws -> ScanInput?
}

/// Inputs known in advance: files named or walked.
final class ListFeed: InputFeed {
    private var iterator: IndexingIterator<[ScanInput]>

    init(_ inputs: [ScanInput]) { iterator = inputs.makeIterator() }

    func next() -> ScanInput? { iterator.next() }
}

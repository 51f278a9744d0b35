import Synchronization

/// Brings the digest index up to date behind the appends. An index on a digest takes a random
/// page per detection, which on the append path cost more than the rest of the append; so
/// once this process has appended `interval` detections since the last run, the next append
/// transaction also indexes up to twice as many, as one run
/// (``LogOperations/indexDigests(limit:_:)``). Riding along costs no commit of its own, and
/// indexing twice the interval catches up a backlog (a whole log after the upgrade that
/// introduced the index) over time.
public final class DigestIndexer: Sendable {
    public static let defaultInterval = 20_000

    private let interval: Int
    private let sinceLastRun = Atomic<Int>(0)

    init(interval: Int) { self.interval = max(1, interval) }

    /// Runs in the transaction appending `detections` detections (on the store's writer only).
    func appended(_ detections: Int, _ session: any SQLSession) throws {
        guard sinceLastRun.add(detections, ordering: .relaxed).newValue >= interval else { return }
        try LogOperations.indexDigests(limit: 2 * interval, session)
        sinceLastRun.store(0, ordering: .relaxed)
    }
}

import Foundation

/// The line hashes of recently scanned blobs, shared by the worker threads of a history scan,
/// so that a blob's next version is compared with it without reading it from git again.
///
/// Memory: at most ``capacity`` line hashes in all; the oldest blobs go first.
final class LineHashCache: @unchecked Sendable {
    let capacity: Int
    // Guarded by `lock`.
    private let lock = NSLock()
    private var sets: [BlobKey: Set<Int>] = [:]
    private var order: [BlobKey] = []
    private var oldest = 0
    private var total = 0

    init(capacity: Int = 1 << 20) { self.capacity = capacity }

    func lines(of blob: BlobKey) -> Set<Int>? {
        lock.lock()
        defer { lock.unlock() }
        return sets[blob]
    }

    func store(_ lines: Set<Int>, for blob: BlobKey) {
        guard lines.count <= capacity else { return }
        lock.lock()
        defer { lock.unlock() }
        guard sets.updateValue(lines, forKey: blob) == nil else { return }
        order.append(blob)
        total += lines.count
        while total > capacity, oldest < order.count {
            total -= sets.removeValue(forKey: order[oldest])?.count ?? 0
            oldest += 1
        }
        // Drop the evicted keys now and then, not at every eviction.
        if oldest > 4096 && oldest * 2 > order.count {
            order.removeFirst(oldest)
            oldest = 0
        }
    }
}

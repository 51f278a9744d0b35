import Synchronization

/// Group commit: appends that arrive while a batch is being written wait and go together in
/// the next one, so many concurrent appends share one transaction and one fsync. Each caller
/// resumes only when the transaction holding its entry has committed, or with its error.
final class GroupCommit: Sendable {
    private struct Waiter {
        var draft: EntryDraft
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var pending: [Waiter] = []
        var writing = false
    }

    /// Enough to amortise a commit; small enough that one transaction stays short.
    static let maxBatch = 2_000

    private let state = Mutex(State())
    private let writeBatch: @Sendable ([EntryDraft]) async throws -> Void

    init(writeBatch: @escaping @Sendable ([EntryDraft]) async throws -> Void) {
        self.writeBatch = writeBatch
    }

    func submit(_ draft: EntryDraft) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startWriter = state.withLock { state in
                state.pending.append(Waiter(draft: draft, continuation: continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if startWriter { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch: [Waiter] = state.withLock { state in
                guard !state.pending.isEmpty else {
                    state.writing = false
                    return []
                }
                let taken = Array(state.pending.prefix(Self.maxBatch))
                state.pending.removeFirst(taken.count)
                return taken
            }
            if batch.isEmpty { return }
            do {
                try await writeBatch(batch.map(\.draft))
                for waiter in batch { waiter.continuation.resume() }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}

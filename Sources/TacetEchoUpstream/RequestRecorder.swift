import Synchronization

/// Keeps the most recent requests, in arrival order, for tests to inspect.
final class RequestRecorder: Sendable {
    private let limit: Int
    private let requests = Mutex<[EchoRequest]>([])

    init(limit: Int) { self.limit = max(0, limit) }

    func record(_ request: EchoRequest) {
        guard limit > 0 else { return }
        requests.withLock { requests in
            if requests.count >= limit { requests.removeFirst(requests.count - limit + 1) }
            requests.append(request)
        }
    }

    func all() -> [EchoRequest] { requests.withLock { $0 } }

    func clear() { requests.withLock { $0.removeAll() } }
}

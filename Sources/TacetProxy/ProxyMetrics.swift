import Synchronization

/// The proxy's counters and histograms, written out in the Prometheus text format at
/// `GET /metrics`. Labels are upstream names, decisions and entity names: never values.
final class ProxyMetrics: Sendable {
    private struct Histogram {
        static let bounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
        var counts = [Int](repeating: 0, count: bounds.count)
        var sum = 0.0
        var count = 0

        mutating func observe(_ seconds: Double) {
            for (index, bound) in Self.bounds.enumerated() where seconds <= bound { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var requests: [String: Int] = [:]
        var detections: [String: Int] = [:]
        var upstreamErrors: [String: Int] = [:]
        var logFailures = 0
        var scanSeconds = Histogram()
        var addedLatency = Histogram()
        var activeStreams = 0
    }

    private let state = Mutex(State())

    func request(upstream: String, decision: String) {
        state.withLock { $0.requests["upstream=\"\(upstream)\",decision=\"\(decision)\"", default: 0] += 1 }
    }

    func detection(entity: String, action: String) {
        state.withLock { $0.detections["entity=\"\(entity)\",action=\"\(action)\"", default: 0] += 1 }
    }

    func upstreamError(upstream: String) { state.withLock { $0.upstreamErrors["upstream=\"\(upstream)\"", default: 0] += 1 } }
    func logFailure() { state.withLock { $0.logFailures += 1 } }
    func scan(seconds: Double) { state.withLock { $0.scanSeconds.observe(seconds) } }
    /// Time the proxy itself spent on a request before sending it upstream.
    func addedLatency(seconds: Double) { state.withLock { $0.addedLatency.observe(seconds) } }
    func streamStarted() { state.withLock { $0.activeStreams += 1 } }
    func streamEnded() { state.withLock { $0.activeStreams -= 1 } }

    func text() -> String {
        let state = state.withLock { $0 }
        var out = ""
        func counter(_ name: String, _ help: String, _ values: [String: Int]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) counter\n"
            for (labels, value) in values.sorted(by: { $0.key < $1.key }) { out += "\(name){\(labels)} \(value)\n" }
        }
        func histogram(_ name: String, _ help: String, _ histogram: Histogram) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
            for (index, bound) in Histogram.bounds.enumerated() { out += "\(name)_bucket{le=\"\(bound)\"} \(histogram.counts[index])\n" }
            out += "\(name)_bucket{le=\"+Inf\"} \(histogram.count)\n\(name)_sum \(histogram.sum)\n\(name)_count \(histogram.count)\n"
        }
        counter("tacet_requests_total", "Requests handled, by upstream and decision.", state.requests)
        counter("tacet_detections_total", "Values detected in requests, by entity and action.", state.detections)
        counter("tacet_upstream_errors_total", "Upstreams that could not be reached or timed out.", state.upstreamErrors)
        out += "# HELP tacet_log_failures_total Disclosure log writes that failed (their requests were refused).\n"
        out += "# TYPE tacet_log_failures_total counter\ntacet_log_failures_total \(state.logFailures)\n"
        histogram("tacet_scan_seconds", "Time to read, scan and redact a request body.", state.scanSeconds)
        histogram("tacet_added_latency_seconds", "Time from a request's arrival to its sending upstream.", state.addedLatency)
        out += "# HELP tacet_active_streams Answers being streamed now.\n# TYPE tacet_active_streams gauge\n"
        out += "tacet_active_streams \(state.activeStreams)\n"
        return out
    }
}

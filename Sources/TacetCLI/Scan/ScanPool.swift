import Foundation
import TacetCore

/// Scans inputs on worker threads, each with its own scanner, and hands their reports back in
/// input order, so output does not depend on the number of threads or on timing.
///
/// Workers take the next input as they free up; a report finished early waits in memory until
/// the ones before it have been taken.
final class ScanPool: @unchecked Sendable {
    /// How far the workers are, for the progress line.
    struct Progress: Sendable {
        var files = 0
        var bytes = 0
    }

    private let inputs: [ScanInput]
    private let rules: RuleSet
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var nextInput = 0
    private var reports: [InputReport?]
    private var progress = Progress()
    private var cancelled = false

    init(inputs: [ScanInput], rules: RuleSet) {
        self.inputs = inputs
        self.rules = rules
        reports = Array(repeating: nil, count: inputs.count)
    }

    /// Starts `threads` workers (no more than there are inputs).
    func start(threads: Int) {
        for _ in 0..<min(threads, inputs.count) {
            Thread { [self] in work() }.start()
        }
    }

    /// Waits for the report of input `index`, calling `waiting` (outside the lock) about ten
    /// times a second meanwhile.
    func report(at index: Int, waiting: (Progress) -> Void) -> InputReport {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let report = reports[index] {
                reports[index] = nil
                return report
            }
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
            let snapshot = progress
            condition.unlock()
            waiting(snapshot)
            condition.lock()
        }
    }

    /// Lets workers finish their current input and take no other.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
    }

    private func work() {
        let scanner = InputScanner(rules: rules)
        while let index = claim() {
            let report = scanner.scan(inputs[index])
            condition.lock()
            reports[index] = report
            if (inputs[index].part?.index ?? 0) == 0 { progress.files += 1 }
            progress.bytes += report.bytes
            condition.broadcast()
            condition.unlock()
        }
    }

    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !cancelled, nextInput < inputs.count else { return nil }
        nextInput += 1
        return nextInput - 1
    }
}

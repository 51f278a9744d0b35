import Foundation
import TacetCore

/// Scans inputs on worker threads, each with its own scanner, and hands their reports back in
/// input order, so output does not depend on the number of threads or on timing.
///
/// Workers take the next input from the feed as they free up. A report finished early waits in
/// memory until the ones before it have been taken; workers run at most ``window`` inputs ahead
/// of the reader, so memory stays bounded however many inputs the feed yields.
final class ScanPool: @unchecked Sendable {
    /// How far the workers are, for the progress line.
    struct Progress: Sendable {
        var files = 0
        var bytes = 0
    }

    /// How many inputs workers may run ahead of the one the reader waits for.
    static let window = 4096

    private let feed: any InputFeed
    /// Serialises the feed, which may wait on git: held without `condition`, so workers can hand
    /// in their reports and the reader take them meanwhile.
    private let feedLock = NSLock()
    private let rules: RuleSet
    private let options: ScanOptions
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var claimed = 0
    private var taken = 0
    private var feedEnded = false
    private var feedError: CLIError?
    private var reports: [Int: (ScanInput, InputReport)] = [:]
    private var progress = Progress()
    private var cancelled = false

    init(feed: any InputFeed, rules: RuleSet, options: ScanOptions) {
        self.feed = feed
        self.rules = rules
        self.options = options
    }

    /// Starts `threads` workers.
    func start(threads: Int) {
        for _ in 0..<threads {
            Thread { [self] in work() }.start()
        }
    }

    /// Waits for the next report in input order, calling `waiting` (outside the lock) about ten
    /// times a second meanwhile; `nil` after the last one.
    ///
    /// - Throws: the feed's error, once every input it gave has been reported.
    func nextReport(waiting: (Progress) -> Void) throws(CLIError) -> (ScanInput, InputReport)? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let report = reports.removeValue(forKey: taken) {
                taken += 1
                condition.broadcast()
                return report
            }
            if feedEnded && taken == claimed {
                if let feedError { throw feedError }
                return nil
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
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        let scanner = InputScanner(rules: rules, options: options)
        while let (index, input) = claim() {
            let report = scanner.scan(input)
            // A blob's content is not kept while its report waits for the reader.
            var done = input
            done.blob?.content = nil
            condition.lock()
            reports[index] = (done, report)
            if (input.part?.index ?? 0) == 0 { progress.files += 1 }
            progress.bytes += report.bytes
            condition.broadcast()
            condition.unlock()
        }
    }

    private func claim() -> (Int, ScanInput)? {
        feedLock.lock()
        defer { feedLock.unlock() }
        condition.lock()
        while !cancelled && !feedEnded && claimed - taken >= Self.window { condition.wait() }
        let stop = cancelled || feedEnded
        condition.unlock()
        guard !stop else { return nil }
        let next: ScanInput?
        do {
            next = try feed.next()
        } catch {
            condition.lock()
            feedError = error as? CLIError ?? CLIError("\(error)")
            feedEnded = true
            condition.broadcast()
            condition.unlock()
            return nil
        }
        condition.lock()
        defer { condition.unlock() }
        guard let input = next else {
            feedEnded = true
            condition.broadcast()
            return nil
        }
        claimed += 1
        return (claimed - 1, input)
    }
}

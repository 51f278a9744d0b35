import Synchronization
import TacetCore

/// Scanners for concurrent requests: a scanner holds per-thread scratch and is not shared,
/// so each request borrows one and gives it back.
final class ScannerPool: Sendable {
    /// A scanner that only one borrower uses at a time: the pool hands it out under its lock.
    private final class Lent: @unchecked Sendable {
        let scanner: Scanner
        init(_ scanner: Scanner) { self.scanner = scanner }
    }

    private let rules: RuleSet
    private let idle = Mutex<[Lent]>([])

    init(rules: RuleSet) { self.rules = rules }

    func withScanner<Result>(_ body: (Scanner) throws -> Result) rethrows -> Result {
        let lent = idle.withLock { $0.popLast() } ?? Lent(Scanner(rules: rules))
        defer { idle.withLock { $0.append(lent) } }
        return try body(lent.scanner)
    }
}

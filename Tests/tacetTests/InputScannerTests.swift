import Foundation
import TacetCore
import Testing
@testable import TacetCLI

@Suite struct InputScannerTests {
    /// A rule whose regex backtracks past PCRE2's limits on a long run of letters and a `!`.
    static let slowRules: RuleSet = {
        do {
            return try RuleSet(RuleConfig(rules: [
                RuleDefinition(id: "slow", regex: #"^(\w+\s?)*$"#, keywords: ["aaaa"]),
                RuleDefinition(id: "test-token", regex: #"\btok_[A-Za-z0-9]{16}\b"#, keywords: ["tok_"]),
            ]))
        } catch {
            fatalError("test rules: \(error)")
        }
    }()

    @Test func ruleLimitIsAWarningNamingPathAndRuleAndTheScanGoesOn() throws {
        let tree = try TemporaryTree([
            "slow.txt": String(repeating: "a", count: 64) + "!",
            "next.txt": String(repeating: "a", count: 64) + "! tok_ABCDEFGHIJKLMNOP",
        ])
        let scanner = InputScanner(rules: Self.slowRules)
        let first = scanner.scan(ScanInput(path: tree.path("slow.txt"), kind: .walked))
        #expect(first.outcome == .scanned)
        #expect(first.warnings.count == 1)
        #expect(first.warnings.first?.hasPrefix("warning: \(tree.path("slow.txt")): rule \"slow\": regex stopped") == true)
        // The same scanner reports the limit again for the next input, and still finds the rest.
        let second = scanner.scan(ScanInput(path: tree.path("next.txt"), kind: .walked))
        #expect(second.warnings.count == 1)
        #expect(second.findings.map(\.rule.id) == ["test-token"])
    }

    @Test func unreadableInputFails() {
        let report = InputScanner(rules: Self.slowRules).scan(ScanInput(path: "/nonexistent/x", kind: .named))
        #expect(report.outcome == .failed)
        #expect(report.warnings == ["warning: /nonexistent/x: No such file or directory"])
    }

    @Test func binaryIsSkippedOnlyWhenWalked() throws {
        let tree = try TemporaryTree()
        // The NUL sits at the end of the first 8 KiB; the token after it.
        try tree.write("blob", Data(repeating: 0x20, count: 8191) + Data([0]) + Data(" tok_ABCDEFGHIJKLMNOP".utf8))
        let scanner = InputScanner(rules: Self.slowRules)
        let walked = scanner.scan(ScanInput(path: tree.path("blob"), kind: .walked))
        #expect(walked.outcome == .binary)
        #expect(walked.findings.isEmpty)
        let named = scanner.scan(ScanInput(path: tree.path("blob"), kind: .named))
        #expect(named.findings.map(\.start) == [8193])
        #expect(named.bytes == 8192 + 21)
    }

    @Test func aNulAfterTheFirstBlockIsNotBinary() throws {
        let tree = try TemporaryTree()
        try tree.write("late", Data(" tok_ABCDEFGHIJKLMNOP ".utf8) + Data(repeating: 0x20, count: 9000) + Data([0]))
        let report = InputScanner(rules: Self.slowRules).scan(ScanInput(path: tree.path("late"), kind: .walked))
        #expect(report.outcome == .scanned)
        #expect(report.findings.map(\.start) == [1])
        #expect(report.bytes == 22 + 9001)
    }
}

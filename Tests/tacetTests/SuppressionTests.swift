import Foundation
import Testing

/// Baselines, `.tacetignore` and `.gitleaksignore`, end to end.
@Suite struct SuppressionTests {
    static let first = "tok_FIRSTFIRSTFIRST1"
    static let second = "tok_SECONDSECONDSEC2"

    @Test func aBaselineHidesWhatItHoldsEvenWhenTheLineMoves() throws {
        let tree = try TemporaryTree(["a.txt": "key = \(Self.first)\n"])
        let written = try TacetProcess.scan(["--baseline-out", "baseline.json", "a.txt"], in: tree.url)
        #expect(written.status == 1)
        let baseline = try String(contentsOfFile: tree.path("baseline.json"), encoding: .utf8)
        #expect(!baseline.contains(Self.first))
        #expect(baseline.contains("tok_*****"))
        // The old value moves down a line; a new one joins it on its old line.
        try tree.write("a.txt", Data("key = \(Self.second)\nkey = \(Self.first)\n".utf8))
        let result = try TacetProcess.scan(["--baseline", "baseline.json", "a.txt"], in: tree.url)
        #expect(result.status == 1)
        #expect(result.stdout == "a.txt:1:7  test-token  SECRET  tok_*****\n")
        #expect(result.stderr.contains("1 suppressed"))
    }

    @Test func aBaselineThatIsNotAReportIsAnError() throws {
        let tree = try TemporaryTree(["a.txt": "x\n", "bad.json": "{\"no\": 1}\nnot json\n"])
        let result = try TacetProcess.scan(["--baseline", "bad.json", "a.txt"], in: tree.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.json"))
    }

    @Test func tacetignoreFingerprintsAndGitleaksignoreEntries() throws {
        let tree = try TemporaryTree([
            "a.txt": "key = \(Self.first)\n",
            "b.txt": "one\nkey = \(Self.second)\nmail ana@example.org\n",
        ])
        let all = try TacetProcess.scan(["--format", "jsonl"], in: tree.url)
        let fingerprint = try #require(all.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }.first { $0["path"] as? String == "a.txt" }?["fingerprint"] as? String)
        try tree.write(".tacetignore", Data("# reviewed\n\(fingerprint)\n".utf8))
        try tree.write(".gitleaksignore", Data("b.txt:test-token:2\n".utf8))
        let result = try TacetProcess.scan([], in: tree.url)
        #expect(result.stdout == "b.txt:3:6  email  EMAIL_ADDRESS  ana.*****\n".replacingOccurrences(of: "ana.", with: "ana@"))
        #expect(result.stderr.contains("2 suppressed"))
    }

    @Test func aBadIgnoreLineNamesFileAndLine() throws {
        let tree = try TemporaryTree(["a.txt": "x\n", ".tacetignore": "\nnot-a-fingerprint\n"])
        let result = try TacetProcess.scan([], in: tree.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".tacetignore:2:"))
    }

    @Test func filesOverTheSizeLimitAreSkippedAndCounted() throws {
        let tree = try TemporaryTree([
            "big.txt": String(repeating: "x", count: 4096) + "\nkey = \(Self.first)\n", "small.txt": "key = \(Self.second)\n",
        ])
        let result = try TacetProcess.scan(["--max-file-size", "2K"], in: tree.url)
        #expect(result.stdout == "small.txt:1:7  test-token  SECRET  tok_*****\n")
        #expect(result.stderr.contains("1 file over --max-file-size skipped"))
        let named = try TacetProcess.scan(["--max-file-size", "2K", "big.txt"], in: tree.url)
        #expect(named.status == 1)
    }

    @Test func rulesAreFoundAtTheRepositoryTop() throws {
        let repository = try GitFixture()
        try repository.tree.write(".tacet.toml", Data("""
            [[rules]]
            id = "acme"
            regex = '''acme_[0-9]{6}'''
            keywords = ["acme_"]
            maxLength = 16
            """.utf8))
        try repository.tree.write("sub/a.txt", Data("acme_123456\n".utf8))
        let result = try TacetProcess.scan([], in: repository.url.appendingPathComponent("sub"))
        #expect(result.stdout == "a.txt:1:1  acme  SECRET  acme*****\n")
    }
}

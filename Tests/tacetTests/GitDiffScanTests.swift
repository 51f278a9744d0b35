import Foundation
import Testing

/// `tacet scan --staged` and `--diff`: only added lines count, numbered as in the new file.
@Suite struct GitDiffScanTests {
    static let old = "tok_OLDOLDOLDOLDOLD1"
    static let new = "tok_NEWNEWNEWNEWNEW2"

    /// A repository whose first commit holds `old` on line 2 of a.txt.
    static func repository() throws -> GitFixture {
        let repository = try GitFixture()
        try repository.tree.write("a.txt", Data("one\nkey = \(old)\nthree\n".utf8))
        try repository.git(["add", "a.txt"])
        try repository.git(["commit", "-q", "-m", "first"], date: 1_700_000_000)
        return repository
    }

    static func lines(_ stdout: String) -> [String] { stdout.split(separator: "\n").map(String.init) }

    @Test func stagedScansAddedLinesOnlyWithNewLineNumbers() throws {
        let repository = try Self.repository()
        try repository.tree.write("a.txt", Data("zero\none\nkey = \(Self.old)\nthree\nfour\nnew = \(Self.new)\n".utf8))
        try repository.tree.write("b.txt", Data("mail ana@example.org\n".utf8))
        try repository.tree.write("unstaged.txt", Data("tok_UNSTAGEDUNSTAGED\n".utf8))
        try repository.git(["add", "a.txt", "b.txt"])
        let result = try TacetProcess.scan(["--staged"], in: repository.url)
        #expect(result.status == 1)
        #expect(Self.lines(result.stdout) == [
            "a.txt:6:7  test-token  SECRET  tok_*****", "b.txt:1:6  email  EMAIL_ADDRESS  ana@*****",
        ])
    }

    @Test func stagedWithNothingNewIsClean() throws {
        let repository = try Self.repository()
        try repository.tree.write("a.txt", Data("one\nkey = \(Self.old)\nthree changed\n".utf8))
        try repository.git(["add", "a.txt"])
        let result = try TacetProcess.scan(["--staged"], in: repository.url)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func stagedFromASubfolderReportsPathsFromTheTop() throws {
        let repository = try Self.repository()
        try repository.tree.write("sub/c.txt", Data("x = \(Self.new)\n".utf8))
        try repository.git(["add", "sub/c.txt"])
        let result = try TacetProcess.scan(["--staged"], in: repository.url.appendingPathComponent("sub"))
        #expect(Self.lines(result.stdout) == ["sub/c.txt:1:5  test-token  SECRET  tok_*****"])
    }

    @Test func diffRangeScansWhatTheRangeAdds() throws {
        let repository = try Self.repository()
        try repository.git(["checkout", "-q", "-b", "topic"])
        try repository.tree.write("a.txt", Data("one\nkey = \(Self.old)\nthree\nnew = \(Self.new)\n".utf8))
        try repository.git(["commit", "-q", "-am", "second"], date: 1_700_000_100)
        let result = try TacetProcess.scan(["--diff", "main..topic", "--format", "jsonl"], in: repository.url)
        let objects = try Self.lines(result.stdout).map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 1)
        #expect(objects.first?["value"] as? String == Self.new)
        #expect(objects.first?["line"] as? Int == 4)
        let reverse = try TacetProcess.scan(["--diff", "topic..main"], in: repository.url)
        #expect(reverse.status == 0)
    }

    @Test func badRangeIsAnError() throws {
        let repository = try Self.repository()
        let result = try TacetProcess.scan(["--diff", "nope..main"], in: repository.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("git diff failed"))
    }
}

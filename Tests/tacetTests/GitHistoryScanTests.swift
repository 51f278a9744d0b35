import Foundation
import Testing

/// `tacet scan --git` on a repository built here: a few hundred commits, secrets added and
/// later removed, files edited around them, a file renamed while it holds one, a blob that
/// comes back, a copy, and squash merges.
@Suite struct GitHistoryScanTests {
    /// A planted secret: its value, the subject of the commit that introduced it, and its path.
    struct Planted {
        var value: String
        var subject: String
        var path: String
    }

    static func token(_ n: Int) -> String { "tok_SECRET" + String(format: "%02d", n) + "ABCDEFGH" }

    /// Builds the repository and returns it with the secrets and where each was introduced.
    static func makeRepository() throws -> (GitFixture, [Planted]) {
        let repository = try GitFixture()
        var stream = FastImportStream()
        var files: [String: [String]] = [:]
        for k in 0..<20 { files["src/f\(k).txt"] = (0..<30).map { "line \(k)-\($0) plain text" } }
        var planted: [Planted] = []
        let base = 1_600_000_000
        var moved: [String: String] = [:]
        func path(_ k: Int) -> String { moved["src/f\(k).txt"] ?? "src/f\(k).txt" }
        var featureBase = ""
        for i in 0..<300 {
            var changed: Set<String> = []
            var renames: [(String, String)] = []
            if i == 0 { changed = Set(files.keys) }
            // Ordinary edits, so a secret's file changes many times while the secret stays.
            for k in [i % 20, (i * 7 + 3) % 20] where i > 0 {
                files[path(k)]![(i * 13) % 30] = "line \(k) edited in \(i)"
                changed.insert(path(k))
            }
            // Secret s is added by commit 10 + 18 s and removed 40 commits later.
            for s in 0..<15 {
                let k = (s * 3) % 20
                if i == 10 + 18 * s {
                    files[path(k)]![5] = "key = \(token(s))"
                    changed.insert(path(k))
                    planted.append(Planted(value: token(s), subject: "commit \(i)", path: path(k)))
                } else if i == 10 + 18 * s + 40 {
                    files[path(k)]![5] = "key removed in \(i)"
                    changed.insert(path(k))
                }
            }
            // A file renamed while it holds secret 5 (added at 100, removed at 140).
            if i == 120 {
                let old = path(15), new = "src/moved/f15.txt"
                renames.append((old, new))
                files[new] = files.removeValue(forKey: old)
                changed.remove(old)
                moved[old] = new
                changed.insert(new)
            }
            // A blob that comes back: secret 20 in f19 at 60, changed at 61, restored at 62.
            if i == 60 || i == 62 {
                files[path(19)]![7] = "restored = \(token(20))"
                changed.insert(path(19))
                if i == 60 { planted.append(Planted(value: token(20), subject: "commit 60", path: path(19))) }
            } else if i == 61 {
                files[path(19)]![7] = "nothing here"
                changed.insert(path(19))
            }
            // A copy of a file holding a secret: the same blob at another path.
            if i == 230 { files["src/copy.txt"] = files[path(12)]; changed.insert("src/copy.txt") }
            var contents: [String: String?] = [:]
            for file in changed { contents[file] = files[file].map { $0.joined(separator: "\n") + "\n" } }
            let mark = stream.commit(branch: "main", subject: "commit \(i)", date: base + 60 * i, files: contents, renames: renames)
            if i == 150 { featureBase = mark }
        }
        // Two feature branches, each adding a secret in a commit of its own.
        for (name, n) in [("a", 30), ("b", 31)] {
            let file = "src/feature-\(name).txt"
            stream.commit(
                branch: "feature-\(name)", subject: "start \(name)", date: base + 60 * 150 + n,
                files: [file: "feature \(name)\n"], from: featureBase)
            stream.commit(
                branch: "feature-\(name)", subject: "plant \(name)", date: base + 60 * 151 + n,
                files: [file: "feature \(name)\ntoken = \(token(n))\n"])
            stream.commit(
                branch: "feature-\(name)", subject: "finish \(name)", date: base + 60 * 152 + n,
                files: [file: "feature \(name)\ntoken = \(token(n))\ndone\n"])
        }
        try repository.git(["fast-import", "--quiet"], input: stream.data)
        try repository.git(["checkout", "-q", "main"])
        // Squash each feature onto main; feature-b's branch is then deleted, so its secret is
        // reachable only through the squash commit.
        for (name, date) in [("a", base + 60 * 400), ("b", base + 60 * 401)] {
            try repository.git(["merge", "-q", "--squash", "feature-\(name)"], date: date)
            try repository.git(["commit", "-q", "-m", "squash \(name)"], date: date)
        }
        try repository.git(["branch", "-q", "-D", "feature-b"])
        planted.append(Planted(value: token(30), subject: "plant a", path: "src/feature-a.txt"))
        planted.append(Planted(value: token(31), subject: "squash b", path: "src/feature-b.txt"))
        return (repository, planted)
    }

    static func findings(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func everyPlantedSecretIsFoundOnceWithItsIntroducingCommit() throws {
        let (repository, planted) = try Self.makeRepository()
        #expect(try repository.git(["rev-list", "--all", "--count"]).hasPrefix("30"))
        let commits = try repository.commitsBySubject()
        let result = try TacetProcess.scan(["--git", "--format", "jsonl"], in: repository.url)
        #expect(result.status == 1)
        let found = try Self.findings(result.stdout)
        #expect(found.count == planted.count)
        for secret in planted {
            let matches = found.filter { $0["value"] as? String == secret.value }
            #expect(matches.count == 1, "\(secret.value)")
            guard let finding = matches.first else { continue }
            #expect(finding["commit"] as? String == commits[secret.subject], "\(secret.value): \(secret.subject)")
            #expect(finding["path"] as? String == secret.path, "\(secret.value)")
            #expect(finding["author"] as? String == "Test Author")
            #expect(finding["email"] as? String == "author@example.invalid")
            #expect((finding["date"] as? String)?.hasPrefix("2020-09-") == true, "\(finding["date"] ?? "")")
        }
        // The working tree holds none of them any more but the copy's and the features'.
        let current = try TacetProcess.scan(["--format", "jsonl", "."], in: repository.url)
        #expect(try Self.findings(current.stdout).count == 3)
    }

    @Test func aBranchLimitsTheWalk() throws {
        let (repository, _) = try Self.makeRepository()
        let commits = try repository.commitsBySubject()
        let result = try TacetProcess.scan(["--git", "--branch", "main", "--format", "jsonl"], in: repository.url)
        let found = try Self.findings(result.stdout)
        // feature-a's own commits are not on main: its secret comes in with the squash.
        let featureA = found.first { $0["value"] as? String == Self.token(30) }
        #expect(featureA?["commit"] as? String == commits["squash a"])
        #expect(found.count == 18)
    }

    @Test func textOutputNamesTheCommit() throws {
        let (repository, _) = try Self.makeRepository()
        let commits = try repository.commitsBySubject()
        // Commits 0 to 10 only: the first secret, added by commit 10.
        let result = try TacetProcess.scan(["--git", "--log-opts", "--first-parent main~289"], in: repository.url)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let id = try #require(commits["commit 10"])
        #expect(lines.first == "src/f0.txt:6:7  test-token  SECRET  tok_*****  commit \(id.prefix(12)) (Test Author, 2020-09-13)")
        #expect(result.stderr.contains("findings by rule: test-token 1"))
    }

    /// Blobs over 8 MiB are not held in memory: they stream through the scanner whole.
    @Test func bigBlobsStreamAndKeepLineNumbers() throws {
        let repository = try GitFixture()
        let filler = String(repeating: "ordinary line of a big generated file\n", count: (9 << 20) / 38)
        let lineCount = filler.split(separator: "\n").count
        try repository.tree.write("big.txt", Data((filler + "key = \(Self.token(1))\n").utf8))
        try repository.git(["add", "big.txt"])
        try repository.git(["commit", "-q", "-m", "first"], date: 1_700_000_000)
        try repository.tree.write("big.txt", Data((filler + "key = \(Self.token(1))\nkey = \(Self.token(2))\n").utf8))
        try repository.git(["commit", "-q", "-am", "second"], date: 1_700_000_100)
        let commits = try repository.commitsBySubject()
        let found = try Self.findings(try TacetProcess.scan(["--git", "--format", "jsonl"], in: repository.url).stdout)
        #expect(found.map { $0["value"] as? String } == [Self.token(1), Self.token(2)])
        #expect(found.map { $0["line"] as? Int } == [lineCount + 1, lineCount + 2])
        #expect(found.map { $0["commit"] as? String } == [commits["first"], commits["second"]])
        let limited = try TacetProcess.scan(["--git", "--max-file-size", "1M"], in: repository.url)
        #expect(limited.stdout.isEmpty)
        #expect(limited.stderr.contains("2 files over --max-file-size skipped"))
    }

    @Test func notARepositoryIsAnError() throws {
        let tree = try TemporaryTree(["a.txt": "x\n"])
        let result = try TacetProcess.scan(["--git"], in: tree.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a git repository"))
    }
}

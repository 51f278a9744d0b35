import Foundation
import Testing

/// End to end: the built binary against real folders.
@Suite struct ScanCommandTests {
    static let token = "tok_ABCDEFGHIJKLMNOP"
    static let email = "ana.lopez@example.org"

    /// Reported paths in stdout's text lines.
    static func paths(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
    }

    @Test func exitStatusZeroWhenNothingIsFound() throws {
        let tree = try TemporaryTree(["clean.txt": "nothing to see\n"])
        let result = try TacetProcess.scan([], in: tree.url)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("1 file,"))
        #expect(result.stderr.contains("0 findings"))
    }

    @Test func exitStatusOneWithFindingsInTextFormat() throws {
        let tree = try TemporaryTree(["a.txt": "x\nkey = \(Self.token)\n", "sub/b.txt": "mail \(Self.email)\n"])
        let result = try TacetProcess.scan([], in: tree.url)
        #expect(result.status == 1)
        #expect(result.stdout == "a.txt:2:7  test-token  SECRET  tok_*****\nsub/b.txt:1:6  email  EMAIL_ADDRESS  ana.*****\n")
        #expect(result.stderr.contains("2 files,"))
        #expect(result.stderr.contains("2 findings"))
    }

    @Test func explicitPathsKeepTheirSpelling() throws {
        let tree = try TemporaryTree(["d/a.txt": "\(Self.token)\n"])
        #expect(Self.paths(try TacetProcess.scan(["."], in: tree.url).stdout) == ["./d/a.txt"])
        #expect(Self.paths(try TacetProcess.scan(["d/"], in: tree.url).stdout) == ["d/a.txt"])
        #expect(Self.paths(try TacetProcess.scan([tree.path("d")], in: tree.url).stdout) == [tree.path("d/a.txt")])
    }

    @Test(arguments: [
        ["--threads", "0"], ["--format", "xml"], ["--no-such-flag"], ["--no-default-rules"], ["--rules", "missing.toml"],
    ])
    func exitStatusTwoForBadArgumentsOrRules(_ arguments: [String]) throws {
        let tree = try TemporaryTree(["a.txt": "\(Self.token)\n"])
        let result = try TacetProcess.run(["scan"] + arguments, in: tree.url)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test func standardInputIsDash() throws {
        let tree = try TemporaryTree()
        let result = try TacetProcess.scan(["-", "--format", "jsonl"], in: tree.url, input: "hi \(Self.email)\n")
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["path"] as? String == "-")
        #expect(object["value"] as? String == Self.email)
    }

    /// 64 MiB through standard input, 64 times the chunk size: the process's peak memory stays
    /// far below what the input would take.
    @Test func streamingMemoryIsBounded() throws {
        let tree = try TemporaryTree()
        let line = String(repeating: "let value = compute(index) + 12345 // ordinary code\n", count: 999) + "key = \(Self.token)\n"
        try tree.write("input", Data(String(repeating: line, count: (64 << 20) / line.utf8.count).utf8))
        let (status, peakKiB) = try TacetProcess.peakMemory(
            ["scan", "-", "--format", "jsonl"] + TacetProcess.ruleArguments, stdin: tree.path("input"))
        #expect(status == 1)
        #expect(peakKiB > 0 && peakKiB < 64 * 1024)
    }

    @Test func gitignoreFilesAndGitFoldersAreHonoured() throws {
        let tree = try TemporaryTree([
            ".gitignore": "*.log\n/build/\n!keep.log\n",
            "app.log": Self.token,
            "keep.log": Self.token,
            "build/out.txt": Self.token,
            "src/build/in.txt": Self.token,
            "src/.gitignore": "local.txt\n",
            "src/local.txt": Self.token,
            "src/main.txt": Self.token,
            "local.txt": Self.token,
            ".git/config": Self.token,
            ".git/info/exclude": "excluded.txt\n",
            "excluded.txt": Self.token,
        ])
        let result = try TacetProcess.scan([], in: tree.url)
        #expect(Self.paths(result.stdout) == ["keep.log", "local.txt", "src/build/in.txt", "src/main.txt"])
        let everything = try TacetProcess.scan(["--no-ignore"], in: tree.url)
        #expect(Self.paths(everything.stdout) == [
            "app.log", "build/out.txt", "excluded.txt", "keep.log", "local.txt", "src/build/in.txt", "src/local.txt",
            "src/main.txt",
        ])
    }

    @Test func gitignoreAboveTheScannedFolderApplies() throws {
        let tree = try TemporaryTree([".gitignore": "secret.txt\n", "sub/secret.txt": Self.token, "sub/ok.txt": Self.token])
        try FileManager.default.createDirectory(atPath: tree.path(".git"), withIntermediateDirectories: true)
        #expect(Self.paths(try TacetProcess.scan(["sub"], in: tree.url).stdout) == ["sub/ok.txt"])
        // Named on the command line, an ignored file is scanned.
        #expect(Self.paths(try TacetProcess.scan(["sub/secret.txt"], in: tree.url).stdout) == ["sub/secret.txt"])
    }

    @Test func binaryFilesAreSkippedUnlessNamed() throws {
        let tree = try TemporaryTree(["text.txt": Self.token])
        try tree.write("blob.bin", Data([0x7F, 0x45, 0x00, 0x01]) + Data(" \(Self.token) ".utf8))
        let walked = try TacetProcess.scan([], in: tree.url)
        #expect(Self.paths(walked.stdout) == ["text.txt"])
        #expect(walked.stderr.contains("1 binary file skipped"))
        #expect(Self.paths(try TacetProcess.scan(["blob.bin"], in: tree.url).stdout) == ["blob.bin"])
    }

    @Test func symbolicLinksAreNotFollowedWhileWalking() throws {
        let outside = try TemporaryTree(["target.txt": Self.token])
        let tree = try TemporaryTree(["real.txt": Self.token])
        try FileManager.default.createSymbolicLink(atPath: tree.path("link.txt"), withDestinationPath: outside.path("target.txt"))
        try FileManager.default.createSymbolicLink(atPath: tree.path("linkdir"), withDestinationPath: outside.url.path)
        #expect(Self.paths(try TacetProcess.scan([], in: tree.url).stdout) == ["real.txt"])
    }

    /// Tests run as root, where `chmod 000` does not stop reads: a dangling link and a missing
    /// path, both named on the command line, stand for unreadable inputs.
    @Test func unreadableInputsWarnAndTheScanGoesOn() throws {
        let tree = try TemporaryTree(["found.txt": Self.token, "clean.txt": "nothing\n"])
        try FileManager.default.createSymbolicLink(atPath: tree.path("dangling"), withDestinationPath: tree.path("gone"))
        let withFindings = try TacetProcess.scan(["dangling", "found.txt", "missing.txt"], in: tree.url)
        #expect(withFindings.status == 1)
        #expect(Self.paths(withFindings.stdout) == ["found.txt"])
        #expect(withFindings.stderr.contains("warning: dangling: No such file or directory"))
        #expect(withFindings.stderr.contains("warning: missing.txt: No such file or directory"))
        let withoutFindings = try TacetProcess.scan(["dangling", "clean.txt"], in: tree.url)
        #expect(withoutFindings.status == 2)
        #expect(withoutFindings.stderr.contains("1 warning"))
    }

    @Test(arguments: ["text", "json", "jsonl", "sarif", "csv"])
    func everyFormatParses(_ format: String) throws {
        let tree = try TemporaryTree(["a.txt": "\(Self.token)\n", "b.txt": "\(Self.email), \"quoted\"\n"])
        let result = try TacetProcess.scan(["--format", format], in: tree.url)
        #expect(result.status == 1)
        let data = Data(result.stdout.utf8)
        switch format {
        case "json":
            #expect((try JSONSerialization.jsonObject(with: data) as? [[String: Any]])?.count == 2)
        case "jsonl":
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.count == 2)
            for line in lines { #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any]) }
        case "sarif":
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let runs = try #require(document["runs"] as? [[String: Any]])
            #expect((runs.first?["results"] as? [Any])?.count == 2)
        case "csv":
            #expect(result.stdout.hasPrefix("rule,entity,category,severity,path,line,column,start,end,value,"))
            #expect(result.stdout.split(separator: "\r\n").count == 3)
        default:
            #expect(Self.paths(result.stdout) == ["a.txt", "b.txt"])
        }
    }

    @Test(arguments: ["text", "json", "jsonl", "sarif", "csv"])
    func redactHidesValues(_ format: String) throws {
        let tree = try TemporaryTree(["a.txt": "\(Self.token) \(Self.email)\n"])
        let result = try TacetProcess.scan(["--format", format, "--redact"], in: tree.url)
        #expect(result.status == 1)
        #expect(!result.stdout.contains(Self.token))
        #expect(!result.stdout.contains(Self.email))
        if format == "json" || format == "jsonl" || format == "csv" {
            #expect(result.stdout.contains("tok_*****"))
            let plain = try TacetProcess.scan(["--format", format], in: tree.url)
            #expect(plain.stdout.contains(Self.token))
        }
    }

    @Test func outputFileIsWrittenAndNeverScanned() throws {
        let tree = try TemporaryTree(["a.txt": "\(Self.token)\n"])
        for _ in 0..<2 {
            let result = try TacetProcess.scan(["--format", "jsonl", "--output", "report.jsonl"], in: tree.url)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            let report = try String(contentsOfFile: tree.path("report.jsonl"), encoding: .utf8)
            #expect(report.split(separator: "\n").count == 1)
        }
    }

    @Test func threadCountDoesNotChangeTheOutput() throws {
        var files: [String: String] = [:]
        for i in 0..<60 {
            let body = (0..<(i % 7)).map { "line \($0) user\(i)x\($0)@example.org tok_\(String(format: "%016d", i * 100 + $0))" }
            files["d\(i % 5)/f\(i).txt"] = body.joined(separator: "\n")
        }
        let tree = try TemporaryTree(files)
        let one = try TacetProcess.scan(["--threads", "1", "--format", "jsonl"], in: tree.url)
        let many = try TacetProcess.scan(["--threads", "8", "--format", "jsonl"], in: tree.url)
        let all = try TacetProcess.scan(["--format", "jsonl"], in: tree.url)
        #expect(one.status == 1)
        #expect(one.stdout.split(separator: "\n").count > 100)
        #expect(many.stdout == one.stdout)
        #expect(all.stdout == one.stdout)
    }

    @Test func closedStandardOutputEndsQuietly() throws {
        let lines = (0..<20000).map { "user\($0)@example.org" }.joined(separator: "\n")
        let tree = try TemporaryTree(["many.txt": lines])
        let script = #""$0" scan "$@" | head -n 1 > /dev/null; exit "${PIPESTATUS[0]}""#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, TacetProcess.binary.path] + TacetProcess.ruleArguments
        process.currentDirectoryURL = tree.url
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.isEmpty)
    }

    @Test func versionAndHelp() throws {
        let tree = try TemporaryTree()
        let version = try TacetProcess.run(["--version"], in: tree.url)
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        let help = try TacetProcess.run(["scan", "--help"], in: tree.url, environment: ["COLUMNS": "100"])
        #expect(help.status == 0)
        #expect(help.stdout == Self.scanHelp)
    }

    /// `tacet scan --help` at 100 columns: help is UI, a change here is deliberate.
    static let scanHelp = """
        OVERVIEW: Find secrets and personal data in files.

        Folders are walked recursively. Inside them tacet skips .git folders, symbolic links, special
        files, binary files (a NUL byte in the first 8 KiB) and what .gitignore files and .git/info/exclude
        exclude, with git's rules. Paths named on the command line are always scanned. Files are read in
        chunks: memory does not grow with file size.

        GIT: --git scans every blob that git log reaches from the chosen refs (--all by default), each blob
        once, and reports each value once, at the commit that introduced it, with its author, date and
        path. --staged and --diff scan only the lines a diff adds, with line numbers in the new file.

        RULES: the built-in default pack, then .tacet.toml (or, when there is none, .gitleaks.toml) at the
        top of the repository (or the current folder outside one) or the --config file, then each --rules
        file in the order given. --no-default-rules leaves out the built-in pack.

        SUPPRESSION: findings whose fingerprint (rule and value) or gitleaks entry (path:rule:line) is
        listed in .tacetignore or .gitleaksignore beside the discovered rules file, or in the --baseline
        report, are not reported; a line holding tacet:allow or gitleaks:allow reports nothing.

        ORDER: findings come file by file, files in the order of the paths given and each folder's entries
        in byte order of their names, and by offset within a file. The order does not depend on --threads.

        VALUES: text output shows a masked preview of each value, never the value: the first 4 characters
        of a value longer than 8, then *****; a shorter value is *****. json, jsonl and csv show values in
        full, or masked the same way with --redact. sarif never holds values.

        EXIT STATUS: 1 when anything was found; otherwise 2 when something went wrong (bad arguments or
        rules, or an input that could not be read, or a rule that hit its match limit: each is a warning on
        stderr and the scan goes on); otherwise 0. A closed standard output (tacet scan | head) ends the
        scan quietly.

        USAGE: tacet scan [<options>] [<path> ...]

        ARGUMENTS:
          <path>                  Files and folders to scan; - reads standard input; with --git, --staged
                                  or --diff, the repository. (default: the current folder)

        OPTIONS:
          --format <format>       The output format. (values: text, json, jsonl, sarif, csv; default: text)
          -o, --output <file>     Write the report to <file> instead of standard output.
          --redact                Mask values in json, jsonl and csv output.
          --rules <file>          Add the rules of a TOML rule file (gitleaks format accepted); repeatable.
          --no-default-rules      Leave out the built-in rule pack.
          --no-ignore             Also scan what .gitignore files and .git/info/exclude exclude.
          -j, --threads <n>       Scan with <n> threads. (default: one per online core)
          --no-color              No colour in text output; setting NO_COLOR does the same.
          -q, --quiet             No summary or progress line on stderr (warnings still print).
          --git                   Scan the history of the git repository <path>: every blob git log
                                  reaches, once each.
          --all                   With --git: walk every ref (the default without --branch and --log-opts).
          --branch <ref>          With --git: walk the history of <ref> rather than every ref; repeatable.
          --since <date>          With --git: only commits more recent than <date> (as git log --since).
          --log-opts <args>       With --git: more git log arguments, split at spaces; without --branch or
                                  --all they replace --all.
          --staged                Scan only the lines the staged changes of the git repository <path> add
                                  (for pre-commit).
          --diff <range>          Scan the lines a git diff adds, e.g. main..HEAD.
          --baseline <file>       Report only findings whose fingerprint is not in <file> (a tacet json or
                                  jsonl report).
          --baseline-out <file>   Write every finding not ignored to <file> as a JSON baseline, values
                                  masked.
          --config <file>         Read rules from <file> instead of the discovered .tacet.toml or
                                  .gitleaks.toml.
          --max-file-size <size>  Skip files met while walking, and blobs, bigger than <size> (512K, 100M,
                                  1G; 0: no limit). (default: 100M)
          --decode-depth <n>      Decode base64, hex and percent-encoded segments, nested up to <n> deep,
                                  and scan them (0: off). (default: 2)
          --version               Show the version.
          -h, --help              Show help information.


        """
}

import Foundation

/// A real git repository in a temporary folder, built by running `git`, removed at the end.
final class GitFixture {
    let tree: TemporaryTree
    var url: URL { tree.url }

    init() throws {
        tree = try TemporaryTree()
        try git(["init", "-q", "-b", "main"])
    }

    /// Runs `git arguments` in the repository with a fixed identity and, when given, dates;
    /// returns its standard output.
    @discardableResult
    func git(_ arguments: [String], input: Data? = nil, date: Int? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Test Author", "-c", "user.email=author@example.invalid",
                             "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = url
        var environment = ProcessInfo.processInfo.environment
        if let date {
            environment["GIT_AUTHOR_DATE"] = "\(date) +0000"
            environment["GIT_COMMITTER_DATE"] = "\(date) +0000"
        }
        process.environment = environment
        let output = Pipe(), inputPipe = Pipe()
        process.standardOutput = output
        if input != nil { process.standardInput = inputPipe }
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(description: "git \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Commit ids by subject, over every ref.
    func commitsBySubject() throws -> [String: String] {
        var commits: [String: String] = [:]
        for line in try git(["log", "--all", "--format=%H %s"]).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            commits[String(parts[1])] = String(parts[0])
        }
        return commits
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }
}

/// A `git fast-import` stream, to build hundreds of commits with one process.
struct FastImportStream {
    private(set) var data = Data()
    private var mark = 0

    /// Adds a commit on `branch` changing `files` (`nil` deletes) and renaming `renames`.
    @discardableResult
    mutating func commit(
        branch: String, subject: String, date: Int, files: [String: String?] = [:], renames: [(String, String)] = [],
        from: String? = nil
    ) -> String {
        mark += 1
        var text = "commit refs/heads/\(branch)\nmark :\(mark)\n"
        text += "author Test Author <author@example.invalid> \(date) +0000\n"
        text += "committer Test Author <author@example.invalid> \(date) +0000\n"
        text += "data \(subject.utf8.count)\n\(subject)\n"
        if let from { text += "from \(from)\n" }
        for (old, new) in renames { text += "R \(old) \(new)\n" }
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
            if let contents {
                text += "M 100644 inline \(path)\ndata \(contents.utf8.count)\n\(contents)\n"
            } else {
                text += "D \(path)\n"
            }
        }
        data += Data((text + "\n").utf8)
        return ":\(mark)"
    }
}

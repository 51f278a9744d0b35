/// Questions about a repository asked of git itself.
enum GitRepository {
    /// The top folder of the work tree holding `path` (`git rev-parse --show-toplevel`), or
    /// `path` itself for a bare repository.
    ///
    /// - Throws: ``CLIError`` naming `path` when it is not in a git repository or git cannot run.
    static func top(of path: String) throws(CLIError) -> String {
        if let top = try output(["rev-parse", "--show-toplevel"], in: path), !top.isEmpty { return top }
        if try output(["rev-parse", "--is-bare-repository"], in: path) == "true" { return path }
        throw CLIError("\(path): not a git repository")
    }

    /// The first line git prints, or `nil` when it fails.
    private static func output(_ arguments: [String], in path: String) throws(CLIError) -> String? {
        let process = try ChildProcess(["git", "-C", path] + arguments, withInput: false)
        let line = try? PipeReader(descriptor: process.output).record(endingWith: UInt8(ascii: "\n"))
        guard process.wait() == 0, let line else { return nil }
        return String(decoding: line, as: UTF8.self)
    }
}

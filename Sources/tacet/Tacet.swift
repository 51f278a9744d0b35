import ArgumentParser
import Glibc
import TacetCLI

/// The `tacet` command: subcommands only.
@main
struct Tacet: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find and silence secrets and personal data.",
        version: ToolInfo.version,
        subcommands: [Scan.self, Redact.self, Restore.self, Log.self, Eval.self, Proxy.self])

    /// ArgumentParser's `main`, with every error mapped to exit status 2 (it uses 64 for usage
    /// errors and 1 for others, and 1 means "found something" here).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            var message = fullMessage(for: error) + "\n"
            message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
            Glibc.exit(2)
        }
    }
}

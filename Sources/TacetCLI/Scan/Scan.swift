import ArgumentParser
import Glibc
import TacetCore

/// `tacet scan`: the command line as typed. ``resolve()`` turns it into a ``ScanPlan``.
public struct Scan: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Find secrets and personal data in files.",
        discussion: """
            Folders are walked recursively. Inside them tacet skips .git folders, symbolic \
            links, special files, binary files (a NUL byte in the first 8 KiB) and what \
            .gitignore files and .git/info/exclude exclude, with git's rules. Paths named on \
            the command line are always scanned. Files are read in chunks: memory does not \
            grow with file size.

            RULES: the built-in default pack, then ./.tacet.toml (or, when there is none, \
            ./.gitleaks.toml), then each --rules file in the order given. \
            --no-default-rules leaves out the built-in pack.

            ORDER: findings come file by file, files in the order of the paths given and each \
            folder's entries in byte order of their names, and by offset within a file. The \
            order does not depend on --threads.

            VALUES: text output shows a masked preview of each value, never the value: the \
            first 4 characters of a value longer than 8, then *****; a shorter value is \
            *****. json, jsonl and csv show values in full, or masked the same way with \
            --redact. sarif never holds values.

            EXIT STATUS: 1 when anything was found; otherwise 2 when something went wrong \
            (bad arguments or rules, or an input that could not be read, or a rule that hit \
            its match limit: each is a warning on stderr and the scan goes on); otherwise 0. \
            A closed standard output (tacet scan | head) ends the scan quietly.
            """)

    @Argument(help: ArgumentHelp(
        "Files and folders to scan; - reads standard input. (default: the current folder)", valueName: "path"))
    var paths: [String] = []

    @Option(help: "The output format.")
    var format: ReportFormat = .text

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to <file> instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Mask values in json, jsonl and csv output.")
    var redact = false

    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "Add the rules of a TOML rule file (gitleaks format accepted); repeatable.", valueName: "file"))
    var ruleFiles: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Leave out the built-in rule pack.")
    var noDefaultRules = false

    @Flag(name: .customLong("no-ignore"), help: "Also scan what .gitignore files and .git/info/exclude exclude.")
    var noIgnore = false

    @Option(name: [.customShort("j"), .long], help: ArgumentHelp(
        "Scan with <n> threads. (default: one per online core)", valueName: "n"))
    var threads: Int?

    @Flag(name: .customLong("no-color"), help: "No colour in text output; setting NO_COLOR does the same.")
    var noColor = false

    @Flag(name: [.short, .long], help: "No summary or progress line on stderr (warnings still print).")
    var quiet = false

    public init() {}

    public func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
    }

    public func run() throws {
        var plan = try resolve()
        let status = try plan.run()
        if status != 0 { throw ExitCode(status) }
    }

    /// Loads the rules, opens the output and settles every default.
    func resolve() throws -> ScanPlan {
        let rules = try loadRuleSet(ruleFiles: ruleFiles, useDefaults: !noDefaultRules, discoveryFolder: ".")
        guard !rules.rules.isEmpty else { throw CLIError("no rules to scan with: add --rules <file>") }
        var walker = InputWalker()
        walker.usesIgnoreFiles = !noIgnore
        let destination: OutputFile
        if let output {
            destination = try OutputFile.create(output)
            if let id = try? FileSystem.identity(of: output, follow: true) { walker.excluded.insert(id) }
        } else {
            destination = .standardOutput()
        }
        let noColorVariable = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let color = !noColor && !noColorVariable && output == nil && destination.isTerminal
        return ScanPlan(
            rules: rules, paths: paths.isEmpty ? [""] : paths, walker: walker,
            reporter: format.makeReporter(rules: rules, redact: redact, color: color), output: destination,
            threads: threads ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            showsProgress: !quiet && StandardError.isTerminal, printsSummary: !quiet)
    }
}

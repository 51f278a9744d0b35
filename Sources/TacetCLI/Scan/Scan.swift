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

            GIT: --git scans every blob that git log reaches from the chosen refs (--all by \
            default), each blob once, and reports each value once, at the commit that \
            introduced it, with its author, date and path. --staged and --diff scan only the \
            lines a diff adds, with line numbers in the new file.

            RULES: the built-in default pack, then .tacet.toml (or, when there is none, \
            .gitleaks.toml) at the top of the repository (or the current folder outside one) \
            or the --config file, then each --rules file in the order given. \
            --no-default-rules leaves out the built-in pack.

            SUPPRESSION: findings whose fingerprint (rule and value) or gitleaks entry \
            (path:rule:line) is listed in .tacetignore or .gitleaksignore beside the \
            discovered rules file, or in the --baseline report, are not reported; a line holding tacet:allow \
            or gitleaks:allow reports nothing.

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
        "Files and folders to scan; - reads standard input; with --git, --staged or --diff, the repository. "
            + "(default: the current folder)", valueName: "path"))
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

    @Flag(help: "Scan the history of the git repository <path>: every blob git log reaches, once each.")
    var git = false

    @Flag(name: .customLong("all"), help: "With --git: walk every ref (the default without --branch and --log-opts).")
    var allRefs = false

    @Option(name: .customLong("branch"), help: ArgumentHelp(
        "With --git: walk the history of <ref> rather than every ref; repeatable.", valueName: "ref"))
    var branches: [String] = []

    @Option(help: ArgumentHelp("With --git: only commits more recent than <date> (as git log --since).", valueName: "date"))
    var since: String?

    @Option(name: .customLong("log-opts"), parsing: .unconditional, help: ArgumentHelp(
        "With --git: more git log arguments, split at spaces; without --branch or --all they replace --all.",
        valueName: "args"))
    var logOptions: String?

    @Flag(help: "Scan only the lines the staged changes of the git repository <path> add (for pre-commit).")
    var staged = false

    @Option(help: ArgumentHelp("Scan the lines a git diff adds, e.g. main..HEAD.", valueName: "range"))
    var diff: String?

    @Option(help: ArgumentHelp(
        "Report only findings whose fingerprint is not in <file> (a tacet json or jsonl report).", valueName: "file"))
    var baseline: String?

    @Option(name: .customLong("baseline-out"), help: ArgumentHelp(
        "Write every finding not ignored to <file> as a JSON baseline, values masked.", valueName: "file"))
    var baselineOut: String?

    @Option(name: .customLong("config"), help: ArgumentHelp(
        "Read rules from <file> instead of the discovered .tacet.toml or .gitleaks.toml.", valueName: "file"))
    var config: String?

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp(
        "Skip files met while walking, and blobs, bigger than <size> (512K, 100M, 1G; 0: no limit).",
        valueName: "size"))
    var maxFileSize = FileSize(bytes: 100 << 20)

    @Option(name: .customLong("decode-depth"), help: ArgumentHelp(
        "Decode base64, hex and percent-encoded segments, nested up to <n> deep, and scan them (0: off).",
        valueName: "n"))
    var decodeDepth = 2

    public init() {}

    public func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if decodeDepth < 0 { throw ValidationError("--decode-depth must be 0 or more.") }
        let modes = [git ? "--git" : nil, staged ? "--staged" : nil, diff != nil ? "--diff" : nil].compactMap { $0 }
        if modes.count > 1 { throw ValidationError("\(modes.joined(separator: " and ")) cannot be combined.") }
        if !modes.isEmpty && paths.count > 1 {
            throw ValidationError("\(modes[0]) takes one repository, not \(paths.count) paths.")
        }
        if !git && (allRefs || !branches.isEmpty || since != nil || logOptions != nil) {
            throw ValidationError("--all, --branch, --since and --log-opts go with --git.")
        }
    }

    public func run() throws {
        var plan = try resolve()
        let status = try plan.run()
        if status != 0 { throw ExitCode(status) }
    }

    /// Loads the rules, opens the output and settles every default.
    func resolve() throws -> ScanPlan {
        let target = try resolveTarget()
        let top: String
        switch target {
        case .paths:
            // Named `.` when it is the current folder, so messages keep short paths.
            let repository = InputWalker.repository(containing: ".")?.0
            top = repository == nil || repository == FileSystem.realPath(".") ? "." : repository!
        case .history(let repository, _), .diff(let repository, _): top = repository
        }
        let rules = try loadRuleSet(
            ruleFiles: ruleFiles, useDefaults: !noDefaultRules, discoveryFolder: top, configFile: config)
        guard !rules.rules.isEmpty else { throw CLIError("no rules to scan with: add --rules <file>") }
        var filter = FindingFilter(ignored: try loadIgnoreList(folder: top), reportsFirstOnly: git)
        if let baseline { filter.baseline = try Baseline.fingerprints(in: baseline) }
        var options = ScanOptions(maxFileSize: maxFileSize.bytes, decodeDepth: decodeDepth)
        if case .paths = target {} else { options.catFiles = CatFileGate(repository: top) }
        if git { options.lineCache = LineHashCache() }
        var walker = InputWalker()
        walker.usesIgnoreFiles = !noIgnore
        let destination: OutputFile
        if let output {
            destination = try OutputFile.create(output)
            if let id = try? FileSystem.identity(of: output, follow: true) { walker.excluded.insert(id) }
        } else {
            destination = .standardOutput()
        }
        var baselineDestination: OutputFile?
        if let baselineOut {
            baselineDestination = try OutputFile.create(baselineOut)
            if let id = try? FileSystem.identity(of: baselineOut, follow: true) { walker.excluded.insert(id) }
        }
        let noColorVariable = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let color = !noColor && !noColorVariable && output == nil && destination.isTerminal
        return ScanPlan(
            rules: rules, target: target, walker: walker, options: options, filter: filter,
            reporter: format.makeReporter(rules: rules, redact: redact, color: color, history: git), output: destination,
            baselineOutput: baselineDestination,
            threads: threads ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            showsProgress: !quiet && StandardError.isTerminal, printsSummary: !quiet)
    }

    /// What to scan; for the git modes, the repository's top folder, checked with git.
    private func resolveTarget() throws(CLIError) -> ScanPlan.Target {
        guard git || staged || diff != nil else { return .paths(paths.isEmpty ? [""] : paths) }
        let repository = try GitRepository.top(of: paths.first ?? ".")
        if let diff { return .diff(repository: repository, .range(diff)) }
        if staged { return .diff(repository: repository, .staged) }
        var revisions = branches
        if allRefs || (branches.isEmpty && logOptions == nil) { revisions.insert("--all", at: 0) }
        if let since { revisions.append("--since=\(since)") }
        revisions += (logOptions ?? "").split(separator: " ").map(String.init)
        return .history(repository: repository, revisions: revisions)
    }
}

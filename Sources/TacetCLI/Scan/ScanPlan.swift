import Glibc
import TacetCore

/// A scan with everything decided: rules, what to scan, filters, reporter, output and threads.
struct ScanPlan {
    /// What a scan reads.
    enum Target {
        /// Files and folders; `""` stands for the current folder, reported without a `./` prefix.
        case paths([String])
        /// Every blob of a repository's history that `git log revisions` reaches (`--git`).
        case history(repository: String, revisions: [String])
        /// The lines a diff adds (`--staged`, `--diff`).
        case diff(repository: String, GitDiffInputs.Selection)
    }

    var rules: RuleSet
    var target: Target
    var walker: InputWalker
    var options: ScanOptions
    var filter: FindingFilter
    var reporter: any Reporter
    var output: OutputFile
    /// Where `--baseline-out` writes every finding not ignored.
    var baselineOutput: OutputFile?
    var threads: Int
    var showsProgress: Bool
    var printsSummary: Bool

    /// Scans and reports.
    ///
    /// - Returns: the exit status: 1 when anything was found, else 2 when something printed a
    ///   warning (an input that could not be read, a rule that hit a limit), else 0.
    /// - Throws: ``CLIError`` when the report cannot be written (other than a closed pipe), or
    ///   git cannot list what to scan.
    mutating func run() throws -> Int32 {
        let started = ContinuousClock.now
        // A reader that goes away must show up as EPIPE from write, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        for rule in rules.rulesWithoutPrefilter {
            StandardError.write("note: rule \"\(rule.id)\" has neither keywords nor a prefilter: its regex runs on every byte\n")
        }
        var summary = Summary()
        let (feed, totalFiles) = try makeFeed(summary: &summary)
        let pool = ScanPool(feed: feed, rules: rules, options: options)
        pool.start(threads: threads)
        var progress = ProgressLine(enabled: showsProgress, totalFiles: totalFiles)
        var baselineReporter = JSONReporter(lines: false, redact: true)
        // Lines before the current part of a split file.
        var linesBefore = 0
        do {
            try output.write(reporter.begin())
            try baselineOutput?.write(baselineReporter.begin())
            while let (input, scanned) = try pool.nextReport(waiting: { progress.update($0) }) {
                var report = scanned
                if let part = input.part {
                    if part.index == 0 { linesBefore = 0 }
                    for position in report.findings.indices { report.findings[position].line += linesBefore }
                    linesBefore += report.newlines
                }
                summary.add(report, isFile: (input.part?.index ?? 0) == 0)
                if !report.warnings.isEmpty {
                    progress.clear()
                    for warning in report.warnings { StandardError.write(warning + "\n") }
                }
                var reported = 0
                for (index, finding) in report.findings.enumerated() {
                    let origin = FindingOrigin(commit: input.blob?.commit, decoded: report.decodings[index])
                    switch filter.verdict(finding, commit: origin.commit?.id) {
                    case .report:
                        summary.count(finding)
                        reported += 1
                        try output.write(reporter.report(finding, origin: origin))
                        try baselineOutput?.write(baselineReporter.report(finding, origin: origin))
                    case .baselined:
                        summary.suppressed += 1
                        try baselineOutput?.write(baselineReporter.report(finding, origin: origin))
                    case .ignored:
                        summary.suppressed += 1
                    case .repeated:
                        break
                    }
                }
                // With the progress line and the report on one terminal, findings go out at once,
                // over the erased line.
                if progress.isShown && output.isTerminal && reported > 0 {
                    progress.clear()
                    try output.flush()
                }
            }
            try output.write(reporter.end())
            try baselineOutput?.write(baselineReporter.end())
            try baselineOutput?.flush()
            progress.clear()
            try output.flush()
        } catch OutputFile.Failure.brokenPipe {
            pool.cancel()
            progress.clear()
            return summary.status
        } catch OutputFile.Failure.failed(let message) {
            pool.cancel()
            progress.clear()
            throw CLIError(message)
        } catch {
            pool.cancel()
            progress.clear()
            throw error
        }
        if printsSummary { StandardError.write(summary.line(elapsed: ContinuousClock.now - started) + "\n") }
        return summary.status
    }

    /// The inputs, and how many files they are when known in advance (for the progress line).
    private mutating func makeFeed(summary: inout Summary) throws(CLIError) -> (any InputFeed, Int?) {
        switch target {
        case .paths(let paths):
            for path in paths { walker.add(path) }
            for warning in walker.warnings { StandardError.write("warning: \(warning)\n") }
            summary.warnings += walker.warnings.count
            return (ListFeed(FileSplitter.split(walker.inputs, threads: threads)), walker.inputs.count)
        case .history(let repository, let revisions):
            let limit = min(InputScanner.changedRegionLimit, options.maxFileSize > 0 ? options.maxFileSize : .max)
            return (try GitHistoryFeed(repository: repository, revisions: revisions, contentLimit: limit), nil)
        case .diff(let repository, let selection):
            let inputs = try GitDiffInputs.list(repository: repository, selection: selection)
            return (ListFeed(inputs), inputs.count)
        }
    }
}

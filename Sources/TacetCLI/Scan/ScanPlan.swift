import Glibc
import TacetCore

/// A scan with everything decided: rules, paths, reporter, output and threads.
struct ScanPlan {
    var rules: RuleSet
    /// `""` stands for the current folder, reported without a `./` prefix.
    var paths: [String]
    var walker: InputWalker
    var reporter: any Reporter
    var output: OutputFile
    var threads: Int
    var showsProgress: Bool
    var printsSummary: Bool

    /// Scans and reports.
    ///
    /// - Returns: the exit status: 1 when anything was found, else 2 when something printed a
    ///   warning (an input that could not be read, a rule that hit a limit), else 0.
    /// - Throws: ``CLIError`` when the report cannot be written (other than a closed pipe).
    mutating func run() throws -> Int32 {
        let started = ContinuousClock.now
        // A reader that goes away must show up as EPIPE from write, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        for rule in rules.rulesWithoutPrefilter {
            StandardError.write("note: rule \"\(rule.id)\" has neither keywords nor a prefilter: its regex runs on every byte\n")
        }
        for path in paths { walker.add(path) }
        var summary = Summary()
        for warning in walker.warnings { StandardError.write("warning: \(warning)\n") }
        summary.warnings += walker.warnings.count

        let inputs = FileSplitter.split(walker.inputs, threads: threads)
        let pool = ScanPool(inputs: inputs, rules: rules)
        pool.start(threads: threads)
        var progress = ProgressLine(enabled: showsProgress, totalFiles: walker.inputs.count)
        // Lines before the current part of a split file.
        var linesBefore = 0
        do {
            try output.write(reporter.begin())
            for index in inputs.indices {
                var report = pool.report(at: index) { progress.update($0) }
                if let part = inputs[index].part {
                    if part.index == 0 { linesBefore = 0 }
                    for position in report.findings.indices { report.findings[position].line += linesBefore }
                    linesBefore += report.newlines
                }
                summary.add(report, isFile: (inputs[index].part?.index ?? 0) == 0)
                if !report.warnings.isEmpty {
                    progress.clear()
                    for warning in report.warnings { StandardError.write(warning + "\n") }
                }
                for finding in report.findings { try output.write(reporter.report(finding)) }
                // With the progress line and the report on one terminal, findings go out at once,
                // over the erased line.
                if progress.isShown && output.isTerminal && !report.findings.isEmpty {
                    progress.clear()
                    try output.flush()
                }
            }
            try output.write(reporter.end())
            progress.clear()
            try output.flush()
        } catch .brokenPipe {
            pool.cancel()
            progress.clear()
            return summary.status
        } catch .failed(let message) {
            pool.cancel()
            progress.clear()
            throw CLIError(message)
        }
        if printsSummary { StandardError.write(summary.line(elapsed: ContinuousClock.now - started) + "\n") }
        return summary.status
    }
}

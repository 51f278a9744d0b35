import ArgumentParser
import TacetCore

/// `--format`: the output formats, one reporter each.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, jsonl, sarif, csv

    /// - Parameter history: the findings come from a repository's history (`--git`).
    func makeReporter(rules: RuleSet, redact: Bool, color: Bool, history: Bool = false) -> any Reporter {
        switch self {
        case .text: TextReporter(color: color)
        case .json: JSONReporter(lines: false, redact: redact)
        case .jsonl: JSONReporter(lines: true, redact: redact)
        case .sarif: SARIFReporter(rules: rules)
        case .csv: CSVReporter(redact: redact, history: history)
        }
    }
}

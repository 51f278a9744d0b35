import ArgumentParser
import TacetCore

/// `--format`: the output formats, one reporter each.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, jsonl, sarif, csv

    func makeReporter(rules: RuleSet, redact: Bool, color: Bool) -> any Reporter {
        switch self {
        case .text: TextReporter(color: color)
        case .json: JSONReporter(lines: false, redact: redact)
        case .jsonl: JSONReporter(lines: true, redact: redact)
        case .sarif: SARIFReporter(rules: rules)
        case .csv: CSVReporter(redact: redact)
        }
    }
}

import ArgumentParser
import TacetCore

/// `tacet eval`: how well the rules (or another tool's predictions) find what a labelled corpus
/// says is there.
public struct Eval: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Measure precision, recall and F1 on labelled corpora.",
        discussion: """
            Each corpus is JSON Lines, one record per line: {"id", "text", "spans": [{"start", \
            "end", "entity"}]} with byte offsets into the UTF-8 text, and "negative": KIND for a \
            hard negative (corpora/generate writes them). tacet scans each text with the rules \
            (chosen as for tacet scan) and counts, per entity and overall, precision, recall \
            and F1 by exact span and by overlap, and how many hard negatives it flagged.

            With --predictions FILE the spans come from that file instead (JSON Lines of \
            {"id", "spans"}), so other tools are scored the same way.
            """)

    @Argument(help: ArgumentHelp("Labelled corpora (JSON Lines).", valueName: "corpus"))
    var corpora: [String]

    @Option(help: "text, or json for machines.")
    var format: EvalFormat = .text

    @Option(help: ArgumentHelp("Score another tool's spans (JSON Lines of {\"id\", \"spans\"}) instead of tacet's.", valueName: "file"))
    var predictions: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "More rules (TOML), after the defaults and ./.tacet.toml; repeatable.", valueName: "file"))
    var ruleFiles: [String] = []

    @Flag(name: .customLong("no-default-rules"), help: "Leave out the built-in rule pack.")
    var noDefaultRules = false

    @Flag(help: "Before the report, list each missed and each spurious span (record id, entity, byte range; never the text).")
    var misses = false

    public init() {}

    public func run() throws {
        let records = try corpora.flatMap { path in
            let records = try JSONLines.read(LabelledRecord.self, from: path)
            for record in records { try record.validate(in: path) }
            return records
        }
        let predict = try makePredictor()
        var score = AccuracyScore()
        for record in records {
            let predicted = try predict(record)
            if misses { printMisses(record, predicted) }
            score.add(labelled: record.spans, predicted: predicted, negativeKind: record.negative)
        }
        let report = format == .json ? EvalReport.json(score) : EvalReport.text(score)
        print(report, terminator: "")
    }

    /// Spans not matched exactly: labelled but not predicted ("missed"), or the reverse.
    private func printMisses(_ record: LabelledRecord, _ predicted: [LabelledSpan]) {
        let labels = Set(record.spans), predictions = Set(predicted)
        let missed = labels.subtracting(predictions).map { ("missed", $0) }
        let spurious = predictions.subtracting(labels).map { ("spurious", $0) }
        for (kind, span) in (missed + spurious).sorted(by: { $0.1.start < $1.1.start }) {
            print("\(kind) \(span.entity) \(record.id) \(span.start)..<\(span.end)")
        }
    }

    /// Tacet's own findings, or the spans another tool reported for each record id.
    private func makePredictor() throws -> (LabelledRecord) throws -> [LabelledSpan] {
        if let predictions {
            var byID: [String: [LabelledSpan]] = [:]
            for record in try JSONLines.read(PredictionRecord.self, from: predictions) {
                byID[record.id, default: []] += record.spans
            }
            return { byID[$0.id] ?? [] }
        }
        let scanner = Scanner(rules: try loadRuleSet(ruleFiles: ruleFiles, useDefaults: !noDefaultRules, discoveryFolder: "."))
        return { record in
            scanner.scan(Array(record.text.utf8)).map {
                LabelledSpan(start: $0.start, end: $0.end, entity: $0.rule.definition.entity)
            }
        }
    }
}

enum EvalFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

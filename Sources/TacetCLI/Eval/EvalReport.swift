/// Writes an ``AccuracyScore`` as a table for people or as JSON for machines.
enum EvalReport {
    static func text(_ score: AccuracyScore) -> String {
        let header = ["labelled", "predicted", "exact P", "R", "F1", "overlap P", "R", "F1"]
        var out = pad("entity", 20) + header.map { pad($0, 10, right: true) }.joined() + "\n"
        let rows = score.byEntity.sorted { $0.key < $1.key } + [("overall", score.overall)]
        for (entity, counts) in rows {
            let exact = counts.exactRatios, overlap = counts.overlapRatios
            let cells = [String(counts.labelled), String(counts.predicted)]
                + [exact.precision, exact.recall, exact.f1, overlap.precision, overlap.recall, overlap.f1].map(number)
            out += pad(entity, 20) + cells.map { pad($0, 10, right: true) }.joined() + "\n"
        }
        let negatives = score.negatives
        guard negatives.records > 0 else { return out }
        out += "\nhard negatives flagged: \(negatives.flagged) of \(negatives.records) (\(percent(negatives.rate)))\n"
        for (kind, counts) in score.negativesByKind.sorted(by: { $0.key < $1.key }) where counts.flagged > 0 {
            out += "  " + pad(kind, 24) + "\(counts.flagged) of \(counts.records)\n"
        }
        return out
    }

    static func json(_ score: AccuracyScore) -> String {
        func counts(_ counts: AccuracyScore.Counts) -> JSONValue {
            .object([
                ("labelled", .int(counts.labelled)), ("predicted", .int(counts.predicted)),
                ("exact", ratios(counts.exactRatios)), ("overlap", ratios(counts.overlapRatios)),
            ])
        }
        func ratios(_ ratios: AccuracyScore.Ratios) -> JSONValue {
            .object([("precision", .double(ratios.precision)), ("recall", .double(ratios.recall)), ("f1", .double(ratios.f1))])
        }
        func negatives(_ counts: AccuracyScore.NegativeCounts) -> JSONValue {
            .object([("records", .int(counts.records)), ("flagged", .int(counts.flagged)), ("rate", .double(counts.rate))])
        }
        let document = JSONValue.object([
            ("entities", .object(score.byEntity.sorted { $0.key < $1.key }.map { ($0.key, counts($0.value)) })),
            ("overall", counts(score.overall)),
            ("negatives", .object([
                ("overall", negatives(score.negatives)),
                ("byKind", .object(score.negativesByKind.sorted { $0.key < $1.key }.map { ($0.key, negatives($0.value)) })),
            ])),
        ])
        return document.pretty() + "\n"
    }

    private static func number(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private static func percent(_ rate: Double) -> String {
        let hundredths = Int((rate * 10000).rounded())
        let fraction = String(hundredths % 100)
        return "\(hundredths / 100)." + String(repeating: "0", count: 2 - fraction.count) + fraction + "%"
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}

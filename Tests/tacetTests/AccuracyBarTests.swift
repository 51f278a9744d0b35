import Foundation
import TacetCore
import Testing
@testable import TacetCLI

/// The default pack against the committed corpora: the accuracy every change is held to.
@Suite struct AccuracyBarTests {
    static let corpora = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora/labelled")

    /// Entities whose format carries a check digit or checksum.
    static let checksummed: Set<String> = [
        "CREDIT_CARD", "IBAN_CODE", "UK_NHS", "CA_SIN", "DE_TAX_ID", "DE_ID_CARD", "FR_NIR", "ES_NIF", "ES_NIE",
        "IT_FISCAL_CODE", "NL_BSN", "IN_AADHAAR", "AU_TFN", "AU_MEDICARE", "BR_CPF", "BR_CNPJ", "CRYPTO",
    ]

    static func score() throws -> AccuracyScore {
        let scanner = Scanner(rules: try RuleSet.defaultRules())
        var score = AccuracyScore()
        for name in ["labelled.jsonl", "hard-negatives.jsonl"] {
            for record in try JSONLines.read(LabelledRecord.self, from: corpora.appendingPathComponent(name).path) {
                let predicted = scanner.scan(record.text).map { LabelledSpan(start: $0.start, end: $0.end, entity: $0.rule.entity) }
                score.add(labelled: record.spans, predicted: predicted, negativeKind: record.negative)
            }
        }
        return score
    }

    @Test func defaultPackMeetsTheAccuracyBar() throws {
        let score = try Self.score()
        #expect(score.overall.exactRatios.f1 >= 0.97, "overall F1 \(score.overall.exactRatios.f1)")
        for (entity, counts) in score.byEntity.sorted(by: { $0.key < $1.key }) where counts.labelled > 0 {
            let f1 = counts.exactRatios.f1
            let bar = Self.checksummed.contains(entity) ? 0.99 : 0.90
            #expect(f1 >= bar, "\(entity): F1 \(f1) below \(bar)")
        }
        #expect(score.negatives.rate <= 0.005, "hard negatives flagged: \(score.negatives.flagged) of \(score.negatives.records)")
    }
}

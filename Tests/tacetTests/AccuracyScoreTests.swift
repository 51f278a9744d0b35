import Testing
@testable import TacetCLI

@Suite struct AccuracyScoreTests {
    static func span(_ start: Int, _ end: Int, _ entity: String = "EMAIL_ADDRESS") -> LabelledSpan {
        LabelledSpan(start: start, end: end, entity: entity)
    }

    @Test func exactAndOverlapCountedSeparately() {
        var score = AccuracyScore()
        // exact hit, overlap-only hit (prediction too long), miss, spurious prediction
        score.add(labelled: [Self.span(0, 10), Self.span(20, 30), Self.span(40, 50)],
                  predicted: [Self.span(0, 10), Self.span(18, 30), Self.span(60, 70)])
        let counts = score.byEntity["EMAIL_ADDRESS"]!
        #expect(counts == AccuracyScore.Counts(labelled: 3, predicted: 3, exact: 1, overlappingPredictions: 2, overlappedLabels: 2))
        #expect(counts.exactRatios.precision == 1.0 / 3)
        #expect(counts.exactRatios.recall == 1.0 / 3)
        #expect(counts.overlapRatios.precision == 2.0 / 3)
        #expect(counts.overlapRatios.recall == 2.0 / 3)
        #expect(abs(counts.overlapRatios.f1 - 2.0 / 3) < 1e-12)
    }

    @Test func overlapNeedsTheSameEntity() {
        var score = AccuracyScore()
        score.add(labelled: [Self.span(0, 10, "PHONE_NUMBER")], predicted: [Self.span(0, 10, "US_SSN")])
        #expect(score.byEntity["PHONE_NUMBER"]! == AccuracyScore.Counts(labelled: 1))
        #expect(score.byEntity["US_SSN"]! == AccuracyScore.Counts(predicted: 1))
        #expect(score.overall.exactRatios.f1 == 0)
    }

    @Test func duplicatePredictionsCountOnce() {
        var score = AccuracyScore()
        score.add(labelled: [Self.span(5, 9)], predicted: [Self.span(5, 9), Self.span(5, 9)])
        #expect(score.overall.exactRatios == AccuracyScore.Ratios(correctPredictions: 1, predicted: 1, foundLabels: 1, labelled: 1))
        #expect(score.overall.exactRatios.f1 == 1)
    }

    @Test func hardNegativesCountRecordsWithAnyPrediction() {
        var score = AccuracyScore()
        score.add(labelled: [], predicted: [], negativeKind: "uuid")
        score.add(labelled: [], predicted: [Self.span(0, 4, "SECRET")], negativeKind: "uuid")
        score.add(labelled: [], predicted: [], negativeKind: "git-sha")
        #expect(score.negativesByKind["uuid"] == AccuracyScore.NegativeCounts(records: 2, flagged: 1))
        #expect(score.negatives == AccuracyScore.NegativeCounts(records: 3, flagged: 1))
        #expect(score.byEntity["SECRET"]?.predicted == 1)
    }

    @Test func emptySidesArePerfectNotUndefined() {
        let ratios = AccuracyScore.Ratios(correctPredictions: 0, predicted: 0, foundLabels: 0, labelled: 0)
        #expect(ratios == AccuracyScore.Ratios(correctPredictions: 1, predicted: 1, foundLabels: 1, labelled: 1))
    }
}

/// Precision, recall and F1 per entity of predicted spans against labelled ones, counted two
/// ways: by exact span (same bytes, same entity) and by overlap (a prediction is right when it
/// shares a byte with a labelled span of its entity; a labelled span is found when a prediction
/// of its entity shares a byte with it). Also how many hard negatives had any prediction at all.
struct AccuracyScore: Sendable {
    struct Counts: Sendable, Equatable {
        var labelled = 0
        var predicted = 0
        /// Predictions equal to a labelled span.
        var exact = 0
        /// Predictions that overlap a labelled span of their entity.
        var overlappingPredictions = 0
        /// Labelled spans that a prediction of their entity overlaps.
        var overlappedLabels = 0

        var exactRatios: Ratios { Ratios(correctPredictions: exact, predicted: predicted, foundLabels: exact, labelled: labelled) }
        var overlapRatios: Ratios {
            Ratios(correctPredictions: overlappingPredictions, predicted: predicted,
                   foundLabels: overlappedLabels, labelled: labelled)
        }

        static func += (lhs: inout Counts, rhs: Counts) {
            lhs.labelled += rhs.labelled
            lhs.predicted += rhs.predicted
            lhs.exact += rhs.exact
            lhs.overlappingPredictions += rhs.overlappingPredictions
            lhs.overlappedLabels += rhs.overlappedLabels
        }
    }

    struct Ratios: Sendable, Equatable {
        var precision: Double
        var recall: Double
        var f1: Double

        /// An empty side counts as perfect: no prediction is no wrong prediction, and no label
        /// is nothing missed.
        init(correctPredictions: Int, predicted: Int, foundLabels: Int, labelled: Int) {
            precision = predicted == 0 ? 1 : Double(correctPredictions) / Double(predicted)
            recall = labelled == 0 ? 1 : Double(foundLabels) / Double(labelled)
            f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        }
    }

    struct NegativeCounts: Sendable, Equatable {
        var records = 0
        var flagged = 0
        var rate: Double { records == 0 ? 0 : Double(flagged) / Double(records) }
    }

    private(set) var byEntity: [String: Counts] = [:]
    private(set) var negativesByKind: [String: NegativeCounts] = [:]

    /// Micro-averaged over every entity.
    var overall: Counts { byEntity.values.reduce(into: Counts()) { $0 += $1 } }

    var negatives: NegativeCounts {
        negativesByKind.values.reduce(into: NegativeCounts()) {
            $0.records += $1.records
            $0.flagged += $1.flagged
        }
    }

    /// Scores one record. Duplicate predictions (two rules, same span and entity) count once.
    mutating func add(labelled: [LabelledSpan], predicted: [LabelledSpan], negativeKind: String? = nil) {
        let labels = Set(labelled), predictions = Set(predicted)
        for label in labels {
            byEntity[label.entity, default: Counts()].labelled += 1
            if predictions.contains(where: label.overlaps) { byEntity[label.entity, default: Counts()].overlappedLabels += 1 }
        }
        for prediction in predictions {
            var counts = byEntity[prediction.entity, default: Counts()]
            counts.predicted += 1
            if labels.contains(prediction) { counts.exact += 1 }
            if labels.contains(where: prediction.overlaps) { counts.overlappingPredictions += 1 }
            byEntity[prediction.entity] = counts
        }
        if let negativeKind {
            negativesByKind[negativeKind, default: NegativeCounts()].records += 1
            if !predictions.isEmpty { negativesByKind[negativeKind, default: NegativeCounts()].flagged += 1 }
        }
    }
}

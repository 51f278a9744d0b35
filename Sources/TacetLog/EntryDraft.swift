import Foundation

/// An entry before the store gives it a place in the chain, with the rows it adds to the
/// detection index.
struct EntryDraft: Sendable {
    var entry: StoredEntry
    var indexedDetections: [(entity: String, digest: String)] = []

    static func microseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let jsonDecoder = JSONDecoder()

    init(_ record: DisclosureRecord) throws {
        var entry = StoredEntry(kind: .disclosure, id: record.id.uuidString.lowercased(), timeMicroseconds: Self.microseconds(record.time))
        entry.clientKey = record.clientKeyID
        entry.subject = record.subject
        entry.upstream = record.upstream
        entry.provider = record.provider
        entry.model = record.model
        entry.endpoint = record.endpoint
        entry.decision = record.decision.rawValue
        entry.detections = DetectionJSON.encode(record.detections)
        entry.requestBytes = Int64(record.requestBytes)
        entry.responseBytes = record.responseBytes.map(Int64.init)
        entry.upstreamStatus = record.upstreamStatus.map(Int64.init)
        entry.latencyMicroseconds = record.latencyMicroseconds.map(Int64.init)
        self.entry = entry
        indexedDetections = record.detections.map { ($0.entity, $0.digest) }
    }

    init(_ outcome: DisclosureOutcome) {
        var entry = StoredEntry(kind: .outcome, id: RecordID.make().uuidString.lowercased(), timeMicroseconds: Self.microseconds(outcome.time))
        entry.refID = outcome.recordID.uuidString.lowercased()
        entry.upstreamStatus = Int64(outcome.upstreamStatus)
        entry.responseBytes = Int64(outcome.responseBytes)
        entry.latencyMicroseconds = Int64(outcome.latencyMicroseconds)
        self.entry = entry
    }

    init(checkpoint: Checkpoint, time: Date) throws {
        var entry = StoredEntry(kind: .checkpoint, id: RecordID.make().uuidString.lowercased(), timeMicroseconds: Self.microseconds(time))
        entry.note = String(decoding: try Self.jsonEncoder.encode(checkpoint), as: UTF8.self)
        self.entry = entry
    }
}

/// What a checkpoint entry vouches for: entries a purge removed (every entry up to
/// `purgedThrough`, the last of which had hash `anchor`) or entries an erasure emptied.
struct Checkpoint: Codable, Sendable, Equatable {
    enum Reason: String, Codable, Sendable { case purge, erasure }
    var reason: Reason
    var purgedThrough: Int64?
    var anchor: String?
    /// Erased entries' seqs as closed ranges `[first, last]`.
    var erased: [[Int64]]?
    var count: Int

    static func ranges(_ seqs: [Int64]) -> [[Int64]] {
        var ranges: [[Int64]] = []
        for seq in seqs.sorted() {
            if let last = ranges.last, last[1] + 1 == seq { ranges[ranges.count - 1][1] = seq } else { ranges.append([seq, seq]) }
        }
        return ranges
    }
}

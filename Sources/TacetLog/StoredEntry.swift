/// One row of `log_entries`: a disclosure, an outcome, a checkpoint, or the stub an erased
/// entry leaves (kind, id, time and its links only).
struct StoredEntry: Sendable, Equatable {
    enum Kind: String, Sendable {
        case disclosure, outcome, checkpoint, erased
    }

    var seq: Int64
    var kind: Kind
    var id: String
    var timeMicroseconds: Int64
    var clientKey: String?
    var subject: String?
    var upstream: String?
    var provider: String?
    var model: String?
    var endpoint: String?
    var decision: String?
    /// The detections as JSON text, hashed as stored.
    var detections: String?
    var requestBytes: Int64?
    var responseBytes: Int64?
    var upstreamStatus: Int64?
    var latencyMicroseconds: Int64?
    /// An outcome's record id.
    var refID: String?
    /// A checkpoint's JSON body.
    var note: String?
    var prevHash: String
    var hash: String

    /// `log_entries`, its columns in the order of ``values``: the order the hash covers them in.
    static let table = SQLTable(
        name: "log_entries",
        columns: [
            ("seq", .bigint), ("kind", .text), ("id", .text), ("time_us", .bigint), ("client_key", .text),
            ("subject", .text), ("upstream", .text), ("provider", .text), ("model", .text), ("endpoint", .text),
            ("decision", .text), ("detections", .text), ("request_bytes", .bigint), ("response_bytes", .bigint),
            ("upstream_status", .bigint), ("latency_us", .bigint), ("ref_id", .text), ("note", .text),
            ("prev_hash", .text), ("hash", .text),
        ])
    static let columns = table.columns.map(\.name)
    static let columnList = table.columnList
    /// The content columns an erasure clears.
    static let erasableColumns = Array(columns[4...17])

    init(kind: Kind, id: String, timeMicroseconds: Int64) {
        self.seq = 0
        self.kind = kind
        self.id = id
        self.timeMicroseconds = timeMicroseconds
        self.prevHash = ""
        self.hash = ""
    }

    /// The content values (every column before `prev_hash`).
    var contentValues: [SQLValue] {
        [
            .int(seq), .text(kind.rawValue), .text(id), .int(timeMicroseconds), SQLValue(clientKey),
            SQLValue(subject), SQLValue(upstream), SQLValue(provider), SQLValue(model), SQLValue(endpoint),
            SQLValue(decision), SQLValue(detections), optional(requestBytes), optional(responseBytes),
            optional(upstreamStatus), optional(latencyMicroseconds), SQLValue(refID), SQLValue(note),
        ]
    }

    var values: [SQLValue] { contentValues + [.text(prevHash), .text(hash)] }

    init(row: [SQLValue]) throws {
        guard row.count == Self.columns.count, let seq = row[0].int, let kindText = row[1].text,
            let kind = Kind(rawValue: kindText), let id = row[2].text, let time = row[3].int,
            let prevHash = row[18].text, let hash = row[19].text
        else {
            throw LogError("log_entries has a malformed row (seq \(row.first?.int.map(String.init) ?? "?"))")
        }
        self.seq = seq
        self.kind = kind
        self.id = id
        self.timeMicroseconds = time
        clientKey = row[4].text
        subject = row[5].text
        upstream = row[6].text
        provider = row[7].text
        model = row[8].text
        endpoint = row[9].text
        decision = row[10].text
        detections = row[11].text
        requestBytes = row[12].int
        responseBytes = row[13].int
        upstreamStatus = row[14].int
        latencyMicroseconds = row[15].int
        refID = row[16].text
        note = row[17].text
        self.prevHash = prevHash
        self.hash = hash
    }

    private func optional(_ value: Int64?) -> SQLValue { value.map { .int($0) } ?? .null }
}

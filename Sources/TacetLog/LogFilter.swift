import Foundation

/// Which disclosures a query selects; every condition set must hold.
public struct LogFilter: Sendable, Equatable {
    public var subject: String?
    public var clientKeyID: String?
    public var provider: String?
    /// Records with at least one detection of this entity.
    public var entity: String?
    /// Records with at least one detection with one of these digests.
    public var digests: [String] = []
    /// Inclusive.
    public var since: Date?
    /// Exclusive.
    public var until: Date?
    public var limit: Int?

    public init(
        subject: String? = nil, clientKeyID: String? = nil, provider: String? = nil, entity: String? = nil,
        digests: [String] = [], since: Date? = nil, until: Date? = nil, limit: Int? = nil
    ) {
        self.subject = subject
        self.clientKeyID = clientKeyID
        self.provider = provider
        self.entity = entity
        self.digests = digests
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// Counts for `tacet log stats`, per UTC day.
public struct LogStats: Sendable, Codable, Equatable {
    public struct DisclosureCount: Sendable, Codable, Equatable {
        public var day: String
        public var provider: String
        public var decision: String
        public var count: Int
    }

    public struct DetectionCount: Sendable, Codable, Equatable {
        public var day: String
        public var provider: String
        public var entity: String
        public var count: Int
    }

    public var disclosures: [DisclosureCount]
    public var detections: [DetectionCount]
}

/// A record read back, with its chain position and hash.
public struct LoggedDisclosure: Sendable, Codable, Equatable {
    public var seq: Int64
    public var hash: String
    public var record: DisclosureRecord

    init(_ entry: StoredEntry, outcome: StoredEntry?) throws {
        guard let id = UUID(uuidString: entry.id), let decisionText = entry.decision, let decision = Decision(rawValue: decisionText)
        else { throw LogError("log entry \(entry.seq) is not a readable disclosure") }
        let detections: [Detection]
        do {
            detections = try JSONDecoder().decode([Detection].self, from: Data((entry.detections ?? "[]").utf8))
        } catch {
            throw LogError("log entry \(entry.seq) has unreadable detections")
        }
        seq = entry.seq
        hash = entry.hash
        record = DisclosureRecord(
            id: id, time: Date(timeIntervalSince1970: TimeInterval(entry.timeMicroseconds) / 1_000_000),
            clientKeyID: entry.clientKey ?? "", subject: entry.subject, upstream: entry.upstream ?? "",
            provider: entry.provider ?? "", model: entry.model, endpoint: entry.endpoint ?? "", decision: decision,
            detections: detections, requestBytes: Int(entry.requestBytes ?? 0),
            responseBytes: (outcome?.responseBytes ?? entry.responseBytes).map(Int.init),
            upstreamStatus: (outcome?.upstreamStatus ?? entry.upstreamStatus).map(Int.init),
            latencyMicroseconds: (outcome?.latencyMicroseconds ?? entry.latencyMicroseconds).map(Int.init))
    }
}

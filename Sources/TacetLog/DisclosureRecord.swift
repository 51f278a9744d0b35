import Foundation

/// What the proxy did with one request.
public enum Decision: String, Sendable, Codable, CaseIterable {
    /// Sent upstream unchanged (nothing detected, or detections the policy lets through).
    case forwarded
    /// Sent upstream with detected values replaced.
    case redacted
    /// Refused by policy; nothing went upstream.
    case blocked
    /// Refused because something failed (unparsable body, scanner or upstream error).
    case failed
}

/// One detected value in a request: what it was and where, never the value itself. The
/// value's only trace is ``digest``, a keyed HMAC of its normalised form (see ``ValueDigester``).
public struct Detection: Sendable, Codable, Equatable {
    /// Entity name, e.g. `EMAIL_ADDRESS` or `SECRET`.
    public var entity: String
    /// The rule that found it, e.g. `email-address` or `github-pat`.
    public var ruleID: String
    /// The action the policy took, e.g. `placeholder`, `mask`, `hash`, `block`, `allow`.
    public var action: String
    /// Where in the request body, e.g. `$.messages[2].content`.
    public var jsonPath: String
    /// Hex HMAC-SHA256 of the normalised value (see ``ValueDigester``).
    public var digest: String

    /// Digests `value` at once; the value is not kept.
    public init(entity: String, ruleID: String, action: String, jsonPath: String, value: some StringProtocol, digester: ValueDigester) {
        self.init(entity: entity, ruleID: ruleID, action: action, jsonPath: jsonPath,
                  digest: digester.digest(entity: entity, value: value))
    }

    /// For a digest computed earlier (or read back from a store).
    public init(entity: String, ruleID: String, action: String, jsonPath: String, digest: String) {
        self.entity = entity
        self.ruleID = ruleID
        self.action = action
        self.jsonPath = jsonPath
        self.digest = digest
    }

    enum CodingKeys: String, CodingKey {
        case entity, ruleID = "rule", action, jsonPath = "path", digest
    }
}

/// One request the proxy handled: appended before anything goes upstream.
///
/// Fields known only after the upstream answers (``upstreamStatus``, ``responseBytes``,
/// ``latencyMicroseconds``) are `nil` then and arrive in a ``DisclosureOutcome``; a blocked or
/// failed request can carry them at once.
public struct DisclosureRecord: Sendable, Codable, Equatable {
    public var id: UUID
    public var time: Date
    /// The proxy client's key id (the tenant).
    public var clientKeyID: String
    /// The end user the caller named in the subject header, if any.
    public var subject: String?
    /// The configured upstream's name, e.g. `openai-eu`.
    public var upstream: String
    /// The provider kind, e.g. `openai`, `anthropic`.
    public var provider: String
    public var model: String?
    /// The request path, e.g. `/v1/chat/completions`.
    public var endpoint: String
    public var decision: Decision
    public var detections: [Detection]
    /// Bytes of the body sent upstream (after redaction); 0 when nothing was sent.
    public var requestBytes: Int
    public var responseBytes: Int?
    public var upstreamStatus: Int?
    public var latencyMicroseconds: Int?

    public init(
        id: UUID = RecordID.make(), time: Date = Date(), clientKeyID: String, subject: String?, upstream: String,
        provider: String, model: String?, endpoint: String, decision: Decision, detections: [Detection],
        requestBytes: Int, responseBytes: Int? = nil, upstreamStatus: Int? = nil, latencyMicroseconds: Int? = nil
    ) {
        self.id = id
        self.time = time
        self.clientKeyID = clientKeyID
        self.subject = subject
        self.upstream = upstream
        self.provider = provider
        self.model = model
        self.endpoint = endpoint
        self.decision = decision
        self.detections = detections
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.upstreamStatus = upstreamStatus
        self.latencyMicroseconds = latencyMicroseconds
    }
}

/// What the upstream answered to a forwarded request: appended after the answer, chained like
/// every entry, and merged into the record when it is read back.
public struct DisclosureOutcome: Sendable, Equatable {
    public var recordID: UUID
    public var time: Date
    public var upstreamStatus: Int
    public var responseBytes: Int
    public var latencyMicroseconds: Int

    public init(recordID: UUID, time: Date = Date(), upstreamStatus: Int, responseBytes: Int, latencyMicroseconds: Int) {
        self.recordID = recordID
        self.time = time
        self.upstreamStatus = upstreamStatus
        self.responseBytes = responseBytes
        self.latencyMicroseconds = latencyMicroseconds
    }
}

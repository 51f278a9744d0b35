import TacetCore

/// Turns input bytes plus findings into redacted output, region by region, for a whole
/// buffer (``Redactor``) or a stream read in chunks (``StreamRedactor``).
///
/// Offsets are absolute in the input. Each region's findings must start in its owned range
/// and come in order of start; the bytes of every span must still be in the buffer given. Raw
/// bytes are written as soon as no later finding can touch them: up to the owned range's end,
/// or up to the start of a cluster that may still grow.
final class RedactionWriter {
    let policy: RedactionPolicy
    let session: RedactionSession
    /// In a stream, a blocked value ends the output at its start; in a payload, it is replaced
    /// like a redacted one and the caller refuses the payload.
    let stopsAtBlock: Bool
    /// Since the last ``takeDetections()``, in offset order.
    private(set) var detections: [Detection] = []
    /// The next input byte not yet written.
    private(set) var cursor = 0
    private var pending: FindingCluster?
    private var members: [FindingCluster.Member] = []
    /// When recording: each replaced input span and where its replacement is in the output.
    private(set) var edits: [(input: Range<Int>, output: Range<Int>)] = []
    private let recordsEdits: Bool
    /// Output bytes written so far.
    private var written = 0
    /// By rule index: the policy's action and whether the rule is generic.
    private var ruleActions: [Int: (RedactionAction, Bool)] = [:]

    /// - Parameter recordsEdits: keep ``edits`` (for a payload, never for a stream, whose
    ///   edits would pile up).
    init(policy: RedactionPolicy, session: RedactionSession, stopsAtBlock: Bool, recordsEdits: Bool = false) {
        self.policy = policy
        self.session = session
        self.stopsAtBlock = stopsAtBlock
        self.recordsEdits = recordsEdits
    }

    /// Earliest input offset the writer may still need: the next chunk must keep the bytes from
    /// here on.
    var earliestNeeded: Int { min(cursor, pending?.span.lowerBound ?? cursor) }

    /// Writes the region `owned` of `buffer` (which starts at absolute offset `base`).
    ///
    /// - Parameter atEnd: no region follows; everything is written.
    /// - Throws: ``StreamBlocked`` (when `stopsAtBlock`) after writing the text before the value,
    ///   or what `write` or the session throws.
    func write(
        _ buffer: UnsafeRawBufferPointer, base: Int, owned: Range<Int>, findings: [Finding], atEnd: Bool,
        to write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let local = (owned.lowerBound - base)..<(owned.upperBound - base)
        let collisions = session.reserveAndFindCollisions(in: buffer, starting: local)
        members.removeAll(keepingCapacity: true)
        for finding in findings where finding.end > finding.start {
            let (action, generic) = ruleAction(finding.rule)
            members.append(.init(span: finding.start..<finding.end, rule: finding.rule, action: action, isGeneric: generic))
        }
        if !collisions.isEmpty {
            for span in collisions {
                members.append(.init(span: (span.lowerBound + base)..<(span.upperBound + base), rule: nil, action: .redact, isGeneric: true))
            }
            members.sort { $0.span.lowerBound < $1.span.lowerBound }
        }
        for member in members {
            if var cluster = pending, cluster.overlaps(member) {
                cluster.add(member)
                pending = cluster
            } else {
                if let cluster = pending { try finish(cluster, buffer, base: base, write: write) }
                pending = FindingCluster(member)
            }
        }
        // A cluster that ends inside the owned range can no longer grow: later findings start after it.
        if let cluster = pending, atEnd || cluster.span.upperBound <= owned.upperBound {
            try finish(cluster, buffer, base: base, write: write)
            pending = nil
        }
        let safeEnd = atEnd ? base + buffer.count : min(owned.upperBound, pending?.span.lowerBound ?? owned.upperBound)
        if safeEnd > cursor {
            try write(UnsafeRawBufferPointer(rebasing: buffer[(cursor - base)..<(safeEnd - base)]))
            written += safeEnd - cursor
            cursor = safeEnd
        }
    }

    /// Hands out the detections so far, so a stream does not keep them all.
    func takeDetections() -> [Detection] {
        defer { detections.removeAll(keepingCapacity: true) }
        return detections
    }

    private func ruleAction(_ rule: Rule) -> (RedactionAction, Bool) {
        if let known = ruleActions[rule.index] { return known }
        let known = (policy.action(for: rule), rule.definition.tags.contains(RuleSet.genericTag))
        ruleActions[rule.index] = known
        return known
    }

    /// Writes the raw text before `cluster`, then what replaces it.
    private func finish(
        _ cluster: FindingCluster, _ buffer: UnsafeRawBufferPointer, base: Int,
        write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let span = cluster.span
        if span.lowerBound > cursor {
            try write(UnsafeRawBufferPointer(rebasing: buffer[(cursor - base)..<(span.lowerBound - base)]))
            written += span.lowerBound - cursor
        }
        let value = Array(UnsafeRawBufferPointer(rebasing: buffer[(span.lowerBound - base)..<(span.upperBound - base)]))
        var detection = Detection(entity: cluster.entity, ruleID: cluster.ruleID, action: cluster.action, span: span)
        if cluster.action == .block && stopsAtBlock {
            cursor = span.lowerBound
            throw StreamBlocked(detection: detection)
        }
        let replacement: [UInt8]
        switch cluster.action {
        case .redact, .block:
            replacement = try session.placeholder(for: value, entity: cluster.entity, hashed: false)
        case .hash:
            replacement = try session.placeholder(for: value, entity: cluster.entity, hashed: true)
        case .mask:
            replacement = Masker.mask(value, entity: cluster.entity)
        case .remove:
            replacement = []
        case .allow:
            replacement = value
        }
        if [.redact, .hash, .block].contains(cluster.action) {
            detection.placeholder = String(decoding: replacement, as: UTF8.self)
        }
        if cluster.winner.rule != nil { detections.append(detection) }
        try replacement.withUnsafeBytes { try write($0) }
        if recordsEdits && cluster.action != .allow { edits.append((span, written..<(written + replacement.count))) }
        written += replacement.count
        cursor = span.upperBound
    }
}

/// A stream stopped at a value whose action is `block`; the output ends just before it.
public struct StreamBlocked: Error, CustomStringConvertible, Sendable {
    public var detection: Detection
    public var description: String {
        "blocked: \(detection.entity) (rule \(detection.ruleID)) at byte \(detection.span.lowerBound); the output stops before it"
    }
}

import TacetCore
import TacetLog
import TacetProviders
import TacetRedact

/// What the proxy decided for one request body, before anything is sent.
struct Inspection {
    /// The body to send upstream.
    var body: [UInt8]
    var decision: Decision
    var detections: [TacetLog.Detection]
    /// Placeholders issued, to restore in the answer.
    var map = PlaceholderMap()
    var model: String?
    var stream = false
    /// Set when the request is refused: the answer to give instead.
    var refusal: ProviderError.Refusal?
}

/// Reads, scans and redacts request bodies by their provider's shape.
struct RequestInspector: Sendable {
    let scanners: ScannerPool
    let digester: ValueDigester

    /// Log entities for what passed unscanned.
    static let unscannedMedia = "UNSCANNED_MEDIA"
    static let unscannedRequest = "UNSCANNED_REQUEST"

    func inspect(
        _ body: [UInt8], route: UpstreamRouter.Route, redactor: Redactor, media: MediaPolicy
    ) -> Inspection {
        let upstream = route.upstream
        if route.endpoint == .other { return inspectRaw(body, redactor: redactor) }
        do {
            let tree: JSONTree
            do { tree = try JSONTree(parsing: body) } catch { throw RequestRefusal.unparsable(error) }
            let plan = try RequestPlan(tree: tree, kind: upstream.kind, endpoint: route.endpoint, media: media)
            let redacted = try scanners.withScanner { scanner in
                try redactor.redactRequest(tree, plan: plan, scanner: scanner, digest: digest)
            }
            var detections = redacted.detections.map {
                TacetLog.Detection(entity: $0.entity, ruleID: $0.ruleID, action: $0.action.rawValue, jsonPath: $0.path, digest: $0.digest)
            }
            detections += plan.media.map { item in
                TacetLog.Detection(
                    entity: Self.unscannedMedia, ruleID: "media-\(item.kind)", action: "unscanned", jsonPath: item.path,
                    digest: digest(Self.unscannedMedia, Array(body[item.node])))
            }
            if redacted.isBlocked {
                return Inspection(body: [], decision: .blocked, detections: detections, model: plan.model, refusal: .blocked(redacted.detections))
            }
            return Inspection(
                body: redacted.body, decision: redacted.isChanged ? .redacted : .forwarded, detections: detections,
                map: redacted.session.map, model: plan.model, stream: plan.stream)
        } catch let refusal as RequestRefusal {
            if case .media = refusal {
                return Inspection(body: [], decision: .blocked, detections: [], refusal: .request(refusal))
            }
            guard upstream.failOpen else { return Inspection(body: [], decision: .failed, detections: [], refusal: .request(refusal)) }
            return failOpen(body)
        } catch {
            // A scanner or redaction failure: nothing is known about what the body holds.
            guard upstream.failOpen else {
                return Inspection(
                    body: [], decision: .failed, detections: [],
                    refusal: .init(status: 500, code: "tacet_scan_failed", message: "Tacet could not scan this request: \(error)"))
            }
            return failOpen(body)
        }
    }

    /// An upstream set to fail open: the body goes as it came, logged as unscanned.
    private func failOpen(_ body: [UInt8]) -> Inspection {
        let detection = TacetLog.Detection(
            entity: Self.unscannedRequest, ruleID: "fail-open", action: "unscanned", jsonPath: "$",
            digest: digest(Self.unscannedRequest, body))
        return Inspection(body: body, decision: .forwarded, detections: [detection])
    }

    /// Another path of a provider: its body is scanned as text, and anything the policy does
    /// not allow blocks it (Tacet cannot rewrite a format it does not know).
    private func inspectRaw(_ body: [UInt8], redactor: Redactor) -> Inspection {
        let findings = scanners.withScanner { $0.scan(body) }
        var detections: [TacetLog.Detection] = []
        var blocked: [RequestDetection] = []
        for finding in findings {
            let action = redactor.policy.action(for: finding.rule)
            let value = Array(body[finding.start..<finding.end])
            let detection = RequestDetection(
                entity: finding.rule.entity, ruleID: finding.rule.id, action: action == .allow ? .allow : .block, path: "$",
                digest: digest(finding.rule.entity, value))
            detections.append(TacetLog.Detection(
                entity: detection.entity, ruleID: detection.ruleID, action: detection.action.rawValue, jsonPath: "$",
                digest: detection.digest))
            if action != .allow { blocked.append(detection) }
        }
        guard blocked.isEmpty else { return Inspection(body: [], decision: .blocked, detections: detections, refusal: .blocked(blocked)) }
        return Inspection(body: body, decision: .forwarded, detections: detections)
    }

    private func digest(_ entity: String, _ value: [UInt8]) -> String {
        digester.digest(entity: entity, value: String(decoding: value, as: UTF8.self))
    }
}

import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import TacetLog
import TacetProviders
import TacetRedact

/// Handles one client request: route, authenticate, read, scan and redact, log durably,
/// forward, and stream the answer back with its placeholders restored.
final class ProxyHandler: Sendable {
    let configuration: ProxyConfiguration
    let router: UpstreamRouter
    let credentials: Credentials
    let inspector: RequestInspector
    let log: DisclosureLog
    let client: HTTPClient
    let metrics: ProxyMetrics
    /// By upstream name, then client key id ("" without client keys).
    private let redactors: [String: [String: Redactor]]

    init(
        configuration: ProxyConfiguration, inspector: RequestInspector, log: DisclosureLog, client: HTTPClient,
        metrics: ProxyMetrics, environment: [String: String]
    ) {
        self.configuration = configuration
        router = UpstreamRouter(upstreams: configuration.upstreams)
        credentials = Credentials(clientKeys: configuration.clientKeys, environment: environment)
        self.inspector = inspector
        self.log = log
        self.client = client
        self.metrics = metrics
        var redactors: [String: [String: Redactor]] = [:]
        for upstream in configuration.upstreams {
            var byClient = ["": Redactor(policy: configuration.policy(upstream: upstream, clientKey: nil))]
            for key in configuration.clientKeys {
                byClient[key.id] = Redactor(policy: configuration.policy(upstream: upstream, clientKey: key))
            }
            redactors[upstream.name] = byClient
        }
        self.redactors = redactors
    }

    /// Headers that belong to one connection (RFC 9110 §7.6.1) or that Tacet sets itself.
    static let unforwardedRequestHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length", "accept-encoding",
    ]
    static let unforwardedResponseHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
        "upgrade", "content-length",
    ]

    func respond(to request: Request, clientChannel: any Channel) async -> Response {
        let arrived = ContinuousClock.now
        let path = request.uri.path
        if request.method == .get, path == "/healthz" { return Self.plain(200, "{\"status\":\"ok\"}") }
        if request.method == .get, path == "/metrics" {
            return Self.plain(200, metrics.text(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        guard let route = router.route(
            method: request.method.rawValue, path: path, hasAnthropicVersion: headers["anthropic-version"] != nil)
        else {
            return Self.refuse(.init(status: 404, code: "tacet_unknown_path", message: "Tacet serves no provider API at \(path)"), kind: .openai)
        }
        let kind = route.upstream.kind
        guard route.endpoint != .other || route.upstream.allowOtherPaths else {
            return Self.refuse(
                .init(status: 404, code: "tacet_unknown_path",
                      message: "Tacet does not forward \(path) to \(route.upstream.name) (set allow_other_paths to forward it)"),
                kind: kind)
        }
        let caller: Credentials.Caller
        do {
            caller = try credentials.authenticate(headers: headers, query: request.uri.query, upstream: route.upstream)
        } catch {
            switch error {
            case .unauthorized(let message): return Self.refuse(.init(status: 401, code: "tacet_unauthorized", message: message), kind: kind)
            case .noUpstreamKey(let message): return Self.refuse(.init(status: 500, code: "tacet_no_upstream_key", message: message), kind: kind)
            }
        }
        let subject = headers[configuration.subjectHeader]
        var record = DisclosureRecord(
            clientKeyID: caller.clientKeyID, subject: subject, upstream: route.upstream.name, provider: kind.rawValue, model: nil,
            endpoint: route.path, decision: .failed, detections: [], requestBytes: 0)

        let body: [UInt8]
        do {
            body = try await readBody(request, declaredLength: headers["content-length"].flatMap { Int($0) })
        } catch let error as BodyError {
            return await refuseAndLog(error.refusal, record: record, kind: kind)
        } catch {
            return await refuseAndLog(BodyError.interrupted.refusal, record: record, kind: kind)
        }

        let scanStarted = ContinuousClock.now
        let redactor = redactors[route.upstream.name]?[caller.clientKey?.id ?? ""]
            ?? Redactor(policy: configuration.policy(upstream: route.upstream, clientKey: caller.clientKey))
        let inspection = inspector.inspect(body, route: route, redactor: redactor, media: route.upstream.media ?? configuration.media)
        metrics.scan(seconds: Self.seconds(ContinuousClock.now - scanStarted))
        for detection in inspection.detections { metrics.detection(entity: detection.entity, action: detection.action) }
        record.model = inspection.model
        record.decision = inspection.decision
        record.detections = inspection.detections
        if let refusal = inspection.refusal { return await refuseAndLog(refusal, record: record, kind: kind) }

        record.requestBytes = inspection.body.count
        do {
            try await log.append(record)
        } catch {
            metrics.logFailure()
            metrics.request(upstream: route.upstream.name, decision: "failed")
            return Self.refuse(
                .init(status: 503, code: "tacet_log_unavailable",
                      message: "Tacet could not record this request in its disclosure log, so it was not sent"),
                kind: kind)
        }
        metrics.request(upstream: route.upstream.name, decision: inspection.decision.rawValue)
        return await forward(
            request, route: route, caller: caller, inspection: inspection, recordID: record.id, arrived: arrived,
            clientChannel: clientChannel)
    }

    // MARK: Upstream

    private func forward(
        _ request: Request, route: UpstreamRouter.Route, caller: Credentials.Caller, inspection: Inspection, recordID: UUID,
        arrived: ContinuousClock.Instant, clientChannel: any Channel
    ) async -> Response {
        let kind = route.upstream.kind
        var upstreamRequest = HTTPClientRequest(url: caller.query.map { $0.isEmpty ? route.url : route.url + "?" + $0 } ?? route.url)
        upstreamRequest.method = HTTPMethod(rawValue: request.method.rawValue)
        // Headers the client's Connection header names are hop-by-hop too.
        let connectionOptions = Set((request.headers[.connection] ?? "").lowercased().split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        })
        for field in request.headers {
            let name = field.name.canonicalName
            if Self.unforwardedRequestHeaders.contains(name) || connectionOptions.contains(name) || name == configuration.subjectHeader {
                continue
            }
            if caller.injected != nil, Credentials.credentialHeaders.contains(name) { continue }
            upstreamRequest.headers.add(name: field.name.rawName, value: field.value)
        }
        for (name, value) in caller.injected ?? [] { upstreamRequest.headers.add(name: name, value: value) }
        // Answers are restored as text: ask for them uncompressed.
        upstreamRequest.headers.add(name: "accept-encoding", value: "identity")
        if !inspection.body.isEmpty || request.method == .post {
            upstreamRequest.body = .bytes(ByteBuffer(bytes: inspection.body))
        }
        metrics.addedLatency(seconds: Self.seconds(ContinuousClock.now - arrived))

        let response: HTTPClientResponse
        do {
            response = try await client.execute(upstreamRequest, deadline: .now() + .hours(24))
        } catch {
            metrics.upstreamError(upstream: route.upstream.name)
            let timedOut = (error as? HTTPClientError).map { [.connectTimeout, .readTimeout, .deadlineExceeded].contains($0) } ?? false
            let status = timedOut ? 504 : 502
            appendOutcome(recordID: recordID, status: status, bytes: 0, arrived: arrived)
            return Self.refuse(
                .init(status: status, code: timedOut ? "tacet_upstream_timeout" : "tacet_upstream_unreachable",
                      message: "Tacet could not get an answer from upstream \(route.upstream.name) (\(timedOut ? "timed out" : "unreachable"))"),
                kind: kind)
        }

        let status = Int(response.status.code)
        let succeeded = (200..<300).contains(status)
        let restorer = ResponseRestorer(
            kind: kind, endpoint: route.endpoint, map: succeeded ? inspection.map : PlaceholderMap(),
            contentType: response.headers.first(name: "content-type"), streamed: inspection.stream)
        var fields = HTTPFields()
        for (name, value) in response.headers {
            let lowered = name.lowercased()
            if Self.unforwardedResponseHeaders.contains(lowered) && !(lowered == "content-length" && restorer.isPassthrough) { continue }
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        let metrics = metrics
        let watchClient = inspection.stream ? clientChannel : nil
        return Response(
            status: HTTPResponse.Status(code: status, reasonPhrase: response.status.reasonPhrase), headers: fields,
            body: ResponseBody { writer in
                var restorer = restorer
                metrics.streamStarted()
                var bytes = 0
                defer {
                    metrics.streamEnded()
                    self.appendOutcome(recordID: recordID, status: status, bytes: bytes, arrived: arrived)
                }
                try await Self.forEachChunk(of: response.body, whileConnected: watchClient) { buffer in
                    bytes += buffer.readableBytes
                    if restorer.isPassthrough {
                        try await writer.write(buffer)
                    } else {
                        let restored = restorer.feed(Array(buffer.readableBytesView))
                        if !restored.isEmpty { try await writer.write(ByteBuffer(bytes: restored)) }
                    }
                }
                let rest = restorer.finish()
                if !rest.isEmpty { try await writer.write(ByteBuffer(bytes: rest)) }
                try await writer.finish(nil)
            })
    }

    /// Calls `body` with each chunk of an upstream answer. With a client channel to watch (a
    /// streamed answer, where the next chunk may be long in coming), the answer is read in a
    /// child task that is cancelled, and with it the upstream request, as soon as the client
    /// goes away, rather than at the next write.
    static func forEachChunk(
        of upstream: HTTPClientResponse.Body, whileConnected client: (any Channel)?, _ body: (ByteBuffer) async throws -> Void
    ) async throws {
        guard let client else {
            for try await buffer in upstream { try await body(buffer) }
            return
        }
        let (chunks, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await buffer in upstream { continuation.yield(buffer) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            group.addTask {
                while client.isActive { try await Task.sleep(for: clientCheckInterval) }
                continuation.finish(throwing: ClientGone())
            }
            defer { group.cancelAll() }
            for try await buffer in chunks { try await body(buffer) }
        }
    }

    /// How often a streaming answer checks that its client is still there.
    static let clientCheckInterval: Duration = .milliseconds(200)

    struct ClientGone: Error {}

    /// Records what the upstream answered. It follows the answer rather than delaying it:
    /// the record that counts for disclosure was made durable before sending.
    private func appendOutcome(recordID: UUID, status: Int, bytes: Int, arrived: ContinuousClock.Instant) {
        let latency = Int((ContinuousClock.now - arrived) / .microseconds(1))
        let outcome = DisclosureOutcome(recordID: recordID, upstreamStatus: status, responseBytes: bytes, latencyMicroseconds: latency)
        let log = log, metrics = metrics
        Task {
            do { try await log.append(outcome) } catch { metrics.logFailure() }
        }
    }

    // MARK: Request body

    enum BodyError: Error {
        case tooLarge(limit: Int)
        case timedOut(seconds: Int)
        case interrupted

        var refusal: ProviderError.Refusal {
            switch self {
            case .tooLarge(let limit): .init(status: 413, code: "tacet_body_too_large", message: "the request body is larger than \(limit) bytes")
            case .timedOut(let seconds): .init(status: 408, code: "tacet_body_timeout", message: "the request body did not arrive within \(seconds) s")
            case .interrupted: .init(status: 400, code: "tacet_body_interrupted", message: "the request body could not be read")
            }
        }
    }

    /// Reads the body up to the size limit. A body that stops arriving is cut off by the
    /// connection's idle timeout; one that trickles is refused once it has taken longer than
    /// the body timeout.
    private func readBody(_ request: Request, declaredLength: Int?) async throws -> [UInt8] {
        let limit = configuration.limits.maxBodyBytes
        if let declaredLength, declaredLength > limit { throw BodyError.tooLarge(limit: limit) }
        let timeout = configuration.limits.bodyTimeout
        let deadline = ContinuousClock.now + timeout
        var body: [UInt8] = []
        body.reserveCapacity(declaredLength ?? 16_384)
        for try await buffer in request.body {
            guard body.count + buffer.readableBytes <= limit else { throw BodyError.tooLarge(limit: limit) }
            guard ContinuousClock.now <= deadline else { throw BodyError.timedOut(seconds: Int(timeout.components.seconds)) }
            body += buffer.readableBytesView
        }
        return body
    }

    // MARK: Answers of Tacet's own

    /// Logs a refused request (nothing went upstream) and answers in the provider's shape.
    private func refuseAndLog(_ refusal: ProviderError.Refusal, record: DisclosureRecord, kind: ProviderKind) async -> Response {
        var record = record
        record.upstreamStatus = refusal.status
        record.responseBytes = 0
        record.latencyMicroseconds = 0
        if record.decision != .blocked { record.decision = .failed }
        metrics.request(upstream: record.upstream, decision: record.decision.rawValue)
        do { try await log.append(record) } catch { metrics.logFailure() }
        return Self.refuse(refusal, kind: kind)
    }

    static func refuse(_ refusal: ProviderError.Refusal, kind: ProviderKind) -> Response {
        plain(refusal.status, ProviderError.body(refusal, kind: kind))
    }

    static func plain(_ status: Int, _ body: String, contentType: String = "application/json") -> Response {
        plain(status, Array(body.utf8), contentType: contentType)
    }

    static func plain(_ status: Int, _ body: [UInt8], contentType: String = "application/json") -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Answers one request: records it, applies the control headers, and writes the provider-shaped echo.
final class EchoResponder: Sendable {
    let options: EchoUpstreamOptions
    let recorder: RequestRecorder
    private let serial = Atomic<Int>(0)
    static let maxBodyBytes = 64 << 20

    init(options: EchoUpstreamOptions, recorder: RequestRecorder) {
        self.options = options
        self.recorder = recorder
    }

    /// Thrown inside a body writer to drop the connection mid-answer (`x-echo-reset: 1`).
    struct ResetRequested: Error {}

    func respond(to request: Request) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maxBodyBytes)
        let body = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
        let method = request.method.rawValue
        let target = request.head.path ?? "/"
        if let control = ControlEndpoint(method: method, target: target) {
            return control.respond(recorder)
        }
        recorder.record(EchoRequest(
            method: method, path: target, headers: request.headers.map { ($0.name.rawName, $0.value) }, body: body
        ))
        let control = EchoControl(request.headers)
        if control.delayMilliseconds > 0 { try await Task.sleep(for: .milliseconds(control.delayMilliseconds)) }
        let serial = self.serial.wrappingAdd(1, ordering: .relaxed).newValue
        let answer = self.answer(method: method, target: target, body: body, control: control, serial: serial)
        return Self.response(answer, control: control, serial: serial)
    }

    func answer(method: String, target: String, body: [UInt8], control: EchoControl, serial: Int) -> EchoAnswer {
        guard let route = EchoRoute(method: method, target: target) else {
            return .json(status: 404, body: [
                "error": ["message": .string("tacet-echo-upstream: no provider route for \(method) \(target)"), "type": "not_found_error"],
            ])
        }
        if let status = control.status {
            return ProviderError.answer(provider: route.provider, status: status,
                                        message: "tacet-echo-upstream: status \(status) requested by x-echo-status")
        }
        if route == .openAIModels { return OpenAIModels.answer() }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            return ProviderError.answer(provider: route.provider, status: 400,
                                        message: "tacet-echo-upstream: request body is not JSON: \(error)")
        }
        var context = EchoContext(
            model: json["model"]?.stringValue ?? "echo", serial: serial, created: Self.now(),
            chunkSize: control.chunkSize ?? options.chunkSize
        )
        switch route {
        case .openAIChat: return OpenAIChat.answer(json, OpenAIChat.prompt(json), context)
        case .openAIResponses: return OpenAIResponses.answer(json, OpenAIResponses.prompt(json), context)
        case .openAICompletions: return OpenAICompletions.answer(json, OpenAICompletions.prompt(json), context)
        case .openAIEmbeddings: return Embeddings.openAI(json, context)
        case .openAIModels: return OpenAIModels.answer()
        case .anthropicMessages: return AnthropicMessages.answer(json, AnthropicMessages.prompt(json), context)
        case .anthropicCountTokens: return AnthropicMessages.countTokens(json)
        case .geminiGenerate(let model):
            context.model = model
            return GeminiContent.whole(GeminiContent.prompt(json), model, context)
        case .geminiStream(let model, let sse):
            context.model = model
            return GeminiContent.stream(GeminiContent.prompt(json), model, sse: sse, context)
        case .geminiCountTokens: return GeminiContent.countTokens(json)
        case .geminiEmbed: return Embeddings.gemini(json)
        case .geminiBatchEmbed: return Embeddings.geminiBatch(json)
        }
    }

    static func response(_ answer: EchoAnswer, control: EchoControl, serial: Int) -> Response {
        var headers = HTTPFields()
        headers[.init("x-request-id")!] = "req_echo\(serial)"
        switch answer {
        case .json(let status, let body, let extra):
            headers[.contentType] = "application/json"
            for (name, value) in extra { headers[.init(name)!] = value }
            let text = body.serialized
            guard control.reset else {
                return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
            }
            // Half the body, then a dropped connection.
            let half = String(decoding: Array(text.utf8).prefix(text.utf8.count / 2), as: UTF8.self)
            return Response(status: .init(code: status), headers: headers, body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: half))
                throw ResetRequested()
            })
        case .stream(let contentType, let frames, let firstDelta):
            headers[.contentType] = contentType
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                for (index, frame) in frames.enumerated() {
                    try await writer.write(ByteBuffer(string: frame))
                    guard index == firstDelta else { continue }
                    if control.stallMilliseconds > 0 { try await Task.sleep(for: .milliseconds(control.stallMilliseconds)) }
                    if control.reset { throw ResetRequested() }
                }
                try await writer.finish(nil)
            })
        }
    }

    static func now() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return spec.tv_sec
    }
}
